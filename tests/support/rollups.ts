import type { Db } from "../../db/client";

/**
 * Every rollup row of a database, in a fixed order. A daily row that nets to nothing (a sale
 * returned in full) is left out: the use cases keep it at zero, a rebuild never creates it.
 */
export function rollupRows(db: Db) {
  const all = (query: string) => db.$client.prepare(query).all();
  return {
    salesDaily: all(
      "select * from sales_daily where qty <> 0 or revenue_fen <> 0 or cost_fen <> 0 order by org_id, product_id, day",
    ),
    salesHourly: all("select * from sales_hourly order by org_id, day, hour"),
    demandWeekly: all("select * from demand_weekly order by 1, 2, 3, 4"),
  };
}
