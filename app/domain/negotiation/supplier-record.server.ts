import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@db/client";
import { campaigns, deliveryClaims, pledges, supplierOrders } from "@db/schema";

/**
 * A supplier's record with the alliance: campaigns ordered and delivered, delivered on time (the
 * actual date on or before the promised one), and claims members raised on those campaigns' orders.
 */
export function supplierRecord(db: Db, allianceOrgId: string, supplierId: string) {
  const orders = db
    .select({
      status: supplierOrders.status,
      promised: supplierOrders.promisedDeliveryDate,
      delivered: supplierOrders.deliveredDate,
    })
    .from(supplierOrders)
    .where(and(eq(supplierOrders.orgId, allianceOrgId), eq(supplierOrders.supplierId, supplierId)))
    .all();
  const delivered = orders.filter((o) => o.status === "delivered" || o.delivered !== null);
  const onTime = delivered.filter(
    (o) => o.promised !== null && o.delivered !== null && o.delivered <= o.promised,
  ).length;
  const claims = db
    .select({ n: sql<number>`count(*)` })
    .from(deliveryClaims)
    .innerJoin(pledges, eq(pledges.restockOrderId, deliveryClaims.orderId))
    .innerJoin(campaigns, eq(campaigns.id, pledges.campaignId))
    .where(and(eq(campaigns.orgId, allianceOrgId), eq(campaigns.supplierId, supplierId)))
    .get();
  return { campaigns: orders.length, delivered: delivered.length, onTime, claims: claims?.n ?? 0 };
}
