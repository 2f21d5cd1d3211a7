import { and, eq, sql } from "drizzle-orm";
import { catalogItems } from "@db/schema";
import type { Ctx, WriteTx } from "../context.server";
import { NotFound } from "../errors";

/**
 * Reservations: a confirmed order promises stock before it leaves the shelf. `reserved` is the
 * base units promised to confirmed orders not yet shipped; it changes only in the transaction
 * of the order's transition (confirm adds, cancel and dispatch take away), never on its own.
 */
export function changeReservation(tx: WriteTx, ctx: Ctx, productId: string, deltaBaseUnits: number): void {
  const changed = tx
    .update(catalogItems)
    .set({ reserved: sql`${catalogItems.reserved} + ${deltaBaseUnits}` })
    .where(and(eq(catalogItems.productId, productId), eq(catalogItems.orgId, ctx.org.id)))
    .run().changes;
  if (changed !== 1) throw new NotFound();
}
