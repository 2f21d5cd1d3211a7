// Browser-safe: the distributor demand page's choices and rules, shared by the page, its exports and tests.

/** How many ISO weeks (the current one included) the page can show. */
export const DEMAND_WEEK_CHOICES = [4, 8, 12, 26] as const;
export const DEFAULT_DEMAND_WEEKS = 12;

export function demandWeeks(value: unknown): number {
  const n = Number(value);
  return (DEMAND_WEEK_CHOICES as readonly number[]).includes(n) ? n : DEFAULT_DEMAND_WEEKS;
}

/**
 * A store "stopped ordering" when it ordered in the BEFORE_WEEKS weeks before the last
 * RECENT_WEEKS weeks and nothing since: the last RECENT_WEEKS weeks are the current week and the
 * two before it (next week's orders already in count as ordering).
 */
export const RECENT_WEEKS = 3;
export const BEFORE_WEEKS = 4;

/** How many stores the ranking shows. */
export const TOP_STORES = 10;

/** The tables the page shows, each exportable as CSV and XLSX (`?table=`). */
export const DEMAND_TABLES = ["skus", "weeks", "stores", "stopped"] as const;
export type DemandTable = (typeof DEMAND_TABLES)[number];
export function isDemandTable(value: unknown): value is DemandTable {
  return (DEMAND_TABLES as readonly unknown[]).includes(value);
}

/** Whole per cent from a part and a whole (integers), or null without a whole. */
export function percentOf(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part * 100) / whole) : null;
}
