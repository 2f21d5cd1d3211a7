import { and, asc, desc, eq } from "drizzle-orm";
import { deliveryClaims, organisations, restockOrderLines, restockOrders, type ClaimStatus } from "@db/schema";
import type { Ctx } from "../context.server";

/** Claims addressed to this distributor, open ones oldest first (the longest waiting first). */
export function listClaims(ctx: Ctx, { status = "open" as ClaimStatus | null } = {}) {
  return ctx.db
    .select({
      claim: deliveryClaims,
      storeName: organisations.name,
      lineName: restockOrderLines.name,
      packUnit: restockOrderLines.packUnit,
      deliveryDate: restockOrders.deliveryDate,
    })
    .from(deliveryClaims)
    .innerJoin(organisations, eq(organisations.id, deliveryClaims.storeOrgId))
    .innerJoin(restockOrderLines, eq(restockOrderLines.id, deliveryClaims.lineId))
    .innerJoin(restockOrders, eq(restockOrders.id, deliveryClaims.orderId))
    .where(and(eq(deliveryClaims.distributorOrgId, ctx.org.id), status ? eq(deliveryClaims.status, status) : undefined))
    .orderBy(status === "open" ? asc(deliveryClaims.createdAt) : desc(deliveryClaims.createdAt), asc(deliveryClaims.id))
    .limit(300)
    .all();
}
