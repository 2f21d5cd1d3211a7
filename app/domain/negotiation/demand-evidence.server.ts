import { and, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "@db/client";
import { allianceMembers, campaigns, interestRegistrations, pledges, products, salesDaily } from "@db/schema";
import type { WriteTx } from "../context.server";
import { DAY_MS, shanghaiDate } from "../dates";
import type { Evidence } from "./figures";

/** The window of sales that stands as evidence: the last twelve whole weeks. */
export const EVIDENCE_WEEKS = 12;
const BATCH_WEEKS = 4;
const WEEKS_PER_MONTH = 52 / 12;

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * The pooled demand behind a request, from what the alliance's ACTIVE members actually sold of
 * the products the coordinator picked by barcode (store categories are free text and often
 * empty) over the last twelve weeks, read from the sales rollups; plus the interest members
 * registered for those barcodes and the packs they pledged with a deposit in past campaigns.
 * Packs are the request's pack (`packSize` base units). Per store, the weekly figure counted in
 * the total is the larger of its sales and its registered interest, never both.
 */
export function pooledDemand(
  db: Db | WriteTx,
  allianceOrgId: string,
  input: { barcodes: string[]; packSize: number },
  now: number,
): Evidence {
  const today = shanghaiDate(now);
  const from = shanghaiDate(now - EVIDENCE_WEEKS * 7 * DAY_MS);
  const members = db
    .select({ storeOrgId: allianceMembers.storeOrgId })
    .from(allianceMembers)
    .where(and(eq(allianceMembers.allianceOrgId, allianceOrgId), eq(allianceMembers.status, "active")))
    .all()
    .map((m) => m.storeOrgId);
  const empty: Evidence = {
    weeks: EVIDENCE_WEEKS,
    barcodes: input.barcodes,
    sales: { stores: 0, packsPerWeek: 0 },
    interest: { stores: 0, packsPerWeek: 0 },
    deposits: { stores: 0, packs: 0 },
    total: { stores: 0, packsPerWeek: 0 },
    expectedBatchPacks: 0,
  };
  if (members.length === 0) return empty;

  const salesByStore = new Map<string, number>();
  if (input.barcodes.length > 0) {
    const rows = db
      .select({ storeOrgId: salesDaily.orgId, units: sql<number>`sum(${salesDaily.qty})` })
      .from(salesDaily)
      .innerJoin(products, and(eq(products.id, salesDaily.productId), eq(products.orgId, salesDaily.orgId)))
      .where(
        and(
          inArray(salesDaily.orgId, members),
          inArray(products.barcode, input.barcodes),
          gte(salesDaily.day, from),
          lt(salesDaily.day, today),
        ),
      )
      .groupBy(salesDaily.orgId)
      .all();
    for (const r of rows) if (r.units > 0) salesByStore.set(r.storeOrgId, r.units / input.packSize / EVIDENCE_WEEKS);
  }

  const interestByStore = new Map<string, number>();
  if (input.barcodes.length > 0) {
    const rows = db
      .select({
        storeOrgId: interestRegistrations.storeOrgId,
        packs: sql<number>`sum(${interestRegistrations.packsPerMonth})`,
      })
      .from(interestRegistrations)
      .where(
        and(
          eq(interestRegistrations.allianceOrgId, allianceOrgId),
          inArray(interestRegistrations.storeOrgId, members),
          inArray(interestRegistrations.barcode, input.barcodes),
        ),
      )
      .groupBy(interestRegistrations.storeOrgId)
      .all();
    for (const r of rows) interestByStore.set(r.storeOrgId, r.packs / WEEKS_PER_MONTH);
  }

  const depositRows =
    input.barcodes.length === 0
      ? []
      : db
          .select({ storeOrgId: pledges.storeOrgId, packs: sql<number>`sum(${pledges.packs})` })
          .from(pledges)
          .innerJoin(campaigns, eq(campaigns.id, pledges.campaignId))
          .where(
            and(
              eq(pledges.allianceOrgId, allianceOrgId),
              eq(campaigns.orgId, allianceOrgId),
              inArray(campaigns.barcode, input.barcodes),
              inArray(campaigns.status, ["succeeded", "ordered", "delivered"]),
              eq(pledges.status, "active"),
              sql`${pledges.depositFen} > 0`,
            ),
          )
          .groupBy(pledges.storeOrgId)
          .all();

  const stores = new Set([...salesByStore.keys(), ...interestByStore.keys(), ...depositRows.map((r) => r.storeOrgId)]);
  let weekly = 0;
  for (const s of stores) weekly += Math.max(salesByStore.get(s) ?? 0, interestByStore.get(s) ?? 0);
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  return {
    ...empty,
    sales: { stores: salesByStore.size, packsPerWeek: round1(sum(salesByStore)) },
    interest: { stores: interestByStore.size, packsPerWeek: round1(sum(interestByStore)) },
    deposits: { stores: depositRows.length, packs: depositRows.reduce((a, r) => a + r.packs, 0) },
    total: { stores: stores.size, packsPerWeek: round1(weekly) },
    expectedBatchPacks: Math.round(weekly * BATCH_WEEKS),
  };
}
