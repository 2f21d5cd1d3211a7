import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { seedDemo } from "../../db/seed/demo";
import { ledgerViolations } from "../support/ledger";
import { createTestDb } from "../support/db";

// `npm start` seeds the demo at whatever moment a newcomer runs it: the seed lays a month of
// trading back from that moment, so its weekdays and hours move with it. It once failed in the
// afternoon only (a claim credited between a store's morning transfer and the office's evening
// confirmation). These instants cover a weekend afternoon, a late weekday night, a weekday morning.
const INSTANTS = [
  ["Saturday 16:10 Shanghai", Date.UTC(2026, 11, 5, 8, 10)],
  ["Monday 23:59 Shanghai", Date.UTC(2026, 11, 7, 15, 59)],
  ["Wednesday 09:45 Shanghai", Date.UTC(2027, 2, 3, 1, 45)],
] as const;

describe("the demo seed", () => {
  for (const [label, now] of INSTANTS) {
    it(`seeds on ${label}, and its stock ledger holds`, async () => {
      const testDb = createTestDb();
      try {
        expect(await seedDemo(testDb.db, { now })).toBe("seeded");
        const sales = testDb.db.get<{ n: number }>(sql`select count(*) as n from sales`);
        expect(sales.n).toBeGreaterThan(100);
        expect(ledgerViolations(testDb.db)).toEqual([]);
        // One farmer's dispute waits for the store at any hour (decision 047), raised before "now".
        const disputes = testDb.db.all<{ status: string; raised_at: number }>(
          sql`select status, raised_at from produce_disputes`,
        );
        expect(disputes.map((d) => d.status)).toEqual(["open"]);
        expect(disputes[0].raised_at).toBeLessThanOrEqual(now);
        // The recall in progress: its return is on the demo stores' next run (decision 046).
        const returns = testDb.db.get<{ n: number }>(
          sql`select (select count(*) from recall_returns) + (select count(*) from quarantined_lots q join organisations o on o.id = q.org_id and o.kind = 'store' join distributor_links dl on dl.store_org_id = q.org_id join delivery_runs r on r.route_id = dl.route_id and r.status != 'completed') as n`,
        );
        expect(returns.n).toBeGreaterThan(0);
      } finally {
        testDb.close();
      }
    }, 180_000);
  }
});
