// Browser-safe: the dashboard's periods and thresholds, shared by the page, the exports and tests.

export const PERIODS = ["today", "7d", "30d"] as const;
export type Period = (typeof PERIODS)[number];

export function isPeriod(value: unknown): value is Period {
  return (PERIODS as readonly unknown[]).includes(value);
}

/** Calendar days a period covers, today included. */
export const PERIOD_DAYS: Record<Period, number> = { today: 1, "7d": 7, "30d": 30 };

/** A product with stock and no sale in this many days is a slow mover. */
export const SLOW_AFTER_DAYS = 14;
/** Lots expiring within this many days are listed. */
export const EXPIRING_WITHIN_DAYS = 30;
/** Average daily demand is taken over this many days (four whole weeks: every weekday counts the same). */
export const DEMAND_WINDOW_DAYS = 28;
/** Without a delivery route, a store is assumed to restock within a week. */
export const DEFAULT_DELIVERY_DAYS = 7;

export const EXPORT_TABLES = ["sellers", "earners", "slow", "runouts", "expiring", "credit", "sales", "stock"] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];
export function isExportTable(value: unknown): value is ExportTable {
  return (EXPORT_TABLES as readonly unknown[]).includes(value);
}
/** Tables that reveal cost or margin: the owner's only. */
export const OWNER_ONLY_TABLES: readonly ExportTable[] = ["earners"];
