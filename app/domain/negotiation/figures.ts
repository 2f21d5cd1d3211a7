// Pure and browser-safe: how pooled demand is shown to a supplier, and how quotes are normalised
// for the comparison (decision 036).

/** Bands a request may set, and breaks an alternative offer may carry (the forms render this many rows). */
export const MAX_BANDS = 5;
export const MAX_ALT_TIERS = 3;

/** Fewer stores than this behind a figure and the supplier sees only the volume band. */
export const MIN_STORES_SHOWN = 5;

/** The ladder figures are rounded onto for a supplier: 5–10, 10–20, 20–50 … (upper bound exclusive). */
const LADDER = [0, 1, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000];

export type Range = { from: number; to: number | null };

/** The step of the ladder a figure falls in: 37 → 20–50; beyond the ladder, open-ended. */
export function rangeOf(n: number): Range {
  for (let i = LADDER.length - 1; i >= 0; i--) {
    if (n >= LADDER[i]) return { from: LADDER[i], to: LADDER[i + 1] ?? null };
  }
  return { from: 0, to: 1 };
}

/** Exact figures, as the coordinator sees them (the snapshot stored on the request when it is sent). */
export type DemandFigure = { stores: number; packsPerWeek: number };
export type Evidence = {
  weeks: number;
  barcodes: string[];
  sales: DemandFigure;
  interest: DemandFigure;
  /** Packs pledged with a deposit paid in past campaigns of these products. */
  deposits: { stores: number; packs: number };
  /** Stores behind any of the above, and the weekly packs (per store the larger of sales and interest). */
  total: DemandFigure;
  /** Expected packs in a four-week batch. */
  expectedBatchPacks: number;
};

/** The band a four-week batch is expected to reach: the highest band at or below it, or null when below all. */
export function expectedBand(bands: number[], packs: number): number | null {
  let found: number | null = null;
  for (const b of [...bands].sort((x, y) => x - y)) if (packs >= b) found = b;
  return found;
}

export type SupplierEvidence = {
  band: number | null;
  belowFirstBand: boolean;
  /** Present only with at least MIN_STORES_SHOWN stores behind the figure. */
  total: { stores: Range; packsPerWeek: Range } | null;
  sales: { stores: Range; packsPerWeek: Range } | null;
  interest: { stores: Range; packsPerWeek: Range } | null;
  deposits: { stores: Range; packs: Range } | null;
};

const shown = (f: DemandFigure) =>
  f.stores >= MIN_STORES_SHOWN ? { stores: rangeOf(f.stores), packsPerWeek: rangeOf(f.packsPerWeek) } : null;

/** What a supplier may see: ranges only, and nothing with fewer than five stores behind it but the band. */
export function supplierEvidence(evidence: Evidence, bands: number[]): SupplierEvidence {
  const band = expectedBand(bands, evidence.expectedBatchPacks);
  return {
    band,
    belowFirstBand: band === null,
    total: shown(evidence.total),
    sales: shown(evidence.sales),
    interest: shown(evidence.interest),
    deposits:
      evidence.deposits.stores >= MIN_STORES_SHOWN
        ? { stores: rangeOf(evidence.deposits.stores), packs: rangeOf(evidence.deposits.packs) }
        : null,
  };
}

/**
 * Landed cost per pack at a band, in fen: the price, the batch's delivery spread over the band's
 * packs, and what the quote's payment terms cost against the terms the request offered, at the
 * alliance's annual rate (paying 30 days sooner than offered at 6 % costs price × 6 % × 30/365;
 * more credit than offered is worth as much off). Rounded half up to the fen.
 */
export function landedCostFen(input: {
  priceFen: number;
  bandPacks: number;
  deliveryFen: number;
  quoteTermsDays: number;
  offeredTermsDays: number;
  annualRateBp: number;
}): number {
  const delivery = input.deliveryFen / input.bandPacks;
  const finance =
    (input.priceFen * input.annualRateBp * (input.offeredTermsDays - input.quoteTermsDays)) / (10_000 * 365);
  return Math.round(input.priceFen + delivery + finance);
}
