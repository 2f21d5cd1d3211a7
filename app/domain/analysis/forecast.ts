// Demand forecasting for village stores: pure functions, no database, safe in the browser bundle.
//
// A village shop sells most of its ~300 products a few times a week, not every day: the daily
// series is mostly zeros with the odd sale of 1–6 units. Simple exponential smoothing (SES) on
// such a series swings down after every empty day and up after every sale, so its forecast right
// after a sale over-states demand. Croston's method smooths the size of a sale and the gap
// between sales separately; the Syntetos–Boylan approximation (SBA) removes Croston's known
// upward bias with the factor (1 − α/2). Products that sell nearly every day use SES.
// Decision record: docs/decisions/021-restock-suggestions.md.

export type ForecastMethod = "sba" | "ses" | "none";

export interface Forecast {
  /** Expected demand per period (per day for daily series), a non-negative real number. */
  rate: number;
  method: ForecastMethod;
}

/** Smoothing constant used when none is given: low, as is usual for Croston on short series. */
export const DEFAULT_ALPHA = 0.15;

/**
 * Average inter-demand interval above which a series counts as intermittent
 * (Syntetos, Boylan & Croston 2005 cut-off ADI = 1.32).
 */
export const ADI_CUTOFF = 1.32;

/** Average inter-demand interval: periods per period with demand (Infinity without demand). */
export function averageDemandInterval(series: number[]): number {
  const withDemand = series.filter((d) => d > 0).length;
  return withDemand === 0 ? Infinity : series.length / withDemand;
}

/**
 * Expected demand per period from a demand series (oldest first, zero periods included).
 * Negative entries (more returned than sold on a day) count as zero demand.
 *
 * - no demand at all → `{ rate: 0, method: "none" }`
 * - ADI > 1.32 → Croston/SBA: size z and interval p start at the first demand and its position
 *   (1-based), then at each later demand z += α(d − z), p += α(q − p) where q is the number of
 *   periods since the previous demand; rate = (1 − α/2)·z/max(p, s), where s is the number of
 *   periods since the last demand. Plain Croston only learns at a demand, so a product that
 *   stopped selling would keep its old rate for ever; counting the silence so far as at least
 *   one interval lets the rate fall while nothing sells (and changes nothing right after a sale).
 * - otherwise → SES: the level starts at the mean of the series and each period
 *   level += α(d − level); rate = level.
 */
export function forecastRate(series: number[], opts: { alpha?: number } = {}): Forecast {
  const alpha = opts.alpha ?? DEFAULT_ALPHA;
  if (!(alpha > 0 && alpha <= 1)) throw new RangeError(`alpha must be in (0, 1], got ${alpha}`);
  const demand = series.map((d) => (d > 0 ? d : 0));
  const adi = averageDemandInterval(demand);
  if (!Number.isFinite(adi)) return { rate: 0, method: "none" };
  if (adi > ADI_CUTOFF) return { rate: sba(demand, alpha), method: "sba" };
  return { rate: ses(demand, alpha), method: "ses" };
}

function sba(demand: number[], alpha: number): number {
  let size = 0;
  let interval = 0;
  let sinceLast = 0;
  let started = false;
  for (const d of demand) {
    sinceLast += 1;
    if (d <= 0) continue;
    if (!started) {
      size = d;
      interval = sinceLast;
      started = true;
    } else {
      size += alpha * (d - size);
      interval += alpha * (sinceLast - interval);
    }
    sinceLast = 0;
  }
  return ((1 - alpha / 2) * size) / Math.max(interval, sinceLast);
}

function ses(demand: number[], alpha: number): number {
  let level = demand.reduce((a, b) => a + b, 0) / demand.length;
  for (const d of demand) level += alpha * (d - level);
  return level;
}

/**
 * Standard deviation of demand per period (population form), used for safety stock.
 * Zero for fewer than two periods.
 */
export function demandStdDev(series: number[]): number {
  const demand = series.map((d) => (d > 0 ? d : 0));
  if (demand.length < 2) return 0;
  const mean = demand.reduce((a, b) => a + b, 0) / demand.length;
  const variance = demand.reduce((a, d) => a + (d - mean) ** 2, 0) / demand.length;
  return Math.sqrt(variance);
}
