import { alias } from "drizzle-orm/sqlite-core";
import { desc, eq, sql } from "drizzle-orm";
import { campaigns, depositSettlements, organisations } from "@db/schema";
import type { Ctx } from "../context.server";

export type SettlementRow = {
  id: string;
  createdAt: number;
  amountFen: number;
  counterpartyName: string;
  storeName: string;
  campaignTitle: string;
  orderId: string;
};

/**
 * The deposit settlements the organisation is a side of (decision 035/042): an alliance sees what
 * it owes each distributor, a distributor what alliances owe it; one row per credited order,
 * newest first (the latest `limit`), with the total of all. Another organisation's rows are never read (the filter is
 * ctx.org on either side).
 */
export function settlementsOf(ctx: Ctx, limit = 200): { rows: SettlementRow[]; totalFen: number; side: string } {
  const other = alias(organisations, "other");
  const store = alias(organisations, "store");
  const asAlliance = ctx.org.kind === "alliance";
  const mine = asAlliance
    ? eq(depositSettlements.allianceOrgId, ctx.org.id)
    : eq(depositSettlements.distributorOrgId, ctx.org.id);
  const rows = ctx.db
    .select({
      id: depositSettlements.id,
      createdAt: depositSettlements.createdAt,
      amountFen: depositSettlements.amountFen,
      counterpartyName: other.name,
      storeName: store.name,
      campaignTitle: campaigns.title,
      orderId: depositSettlements.orderId,
    })
    .from(depositSettlements)
    .innerJoin(other, eq(other.id, asAlliance ? depositSettlements.distributorOrgId : depositSettlements.allianceOrgId))
    .innerJoin(store, eq(store.id, depositSettlements.storeOrgId))
    .innerJoin(campaigns, eq(campaigns.id, depositSettlements.campaignId))
    .where(mine)
    .orderBy(desc(depositSettlements.createdAt), desc(depositSettlements.id))
    .limit(limit)
    .all();
  const totalFen =
    ctx.db
      .select({ n: sql<number>`coalesce(sum(${depositSettlements.amountFen}), 0)` })
      .from(depositSettlements)
      .where(mine)
      .get()?.n ?? 0;
  return { rows, totalFen, side: asAlliance ? "alliance" : "distributor" };
}
