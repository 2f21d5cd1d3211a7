import { and, eq, inArray, sql } from "drizzle-orm";
import { organisations, stockLots, stockMovements, type OrgKind } from "@db/schema";
import type { Db } from "@db/client";
import type { WriteTx } from "../context.server";
import { lotsFedBy } from "../trace/lot-sources.internal.server";

export type ReachedLot = {
  lotId: string;
  orgId: string;
  orgKind: OrgKind;
  productId: string;
  /** Base units this lot received from the flagged source (through every path). */
  received: number;
};

// A chain longer than this is a cycle in bad data, not a supply chain.
const MAX_DEPTH = 8;

/**
 * Every lot the flagged source reached, walking the lot graph down (supplier batch → warehouse
 * lot → store lots; a warehouse lot → the store lots it was shipped into). A flagged stock lot
 * is itself reached, with what it received (its receipts).
 */
export function lotsReachedFrom(
  db: Db | WriteTx,
  source: { kind: "supplier_batch" | "stock_lot"; id: string },
): ReachedLot[] {
  const received = new Map<string, number>();
  const holder = new Map<string, string>();
  let frontier: { kind: "supplier_batch" | "stock_lot"; id: string }[] = [source];
  if (source.kind === "stock_lot") {
    const lot = db.select().from(stockLots).where(eq(stockLots.id, source.id)).get();
    if (lot) {
      received.set(lot.id, receiptsOf(db, lot.id));
      holder.set(lot.id, lot.orgId);
    }
  }
  for (let depth = 0; depth < MAX_DEPTH && frontier.length > 0; depth++) {
    const next: typeof frontier = [];
    for (const node of frontier) {
      for (const edge of lotsFedBy(db, node.kind, node.id)) {
        if (!received.has(edge.lotId)) next.push({ kind: "stock_lot", id: edge.lotId });
        received.set(edge.lotId, (received.get(edge.lotId) ?? 0) + edge.qty);
        holder.set(edge.lotId, edge.orgId);
      }
    }
    frontier = next;
  }
  const ids = [...received.keys()];
  if (ids.length === 0) return [];
  const rows = db
    .select({
      lotId: stockLots.id,
      orgId: stockLots.orgId,
      productId: stockLots.productId,
      orgKind: organisations.kind,
    })
    .from(stockLots)
    .innerJoin(organisations, eq(organisations.id, stockLots.orgId))
    .where(inArray(stockLots.id, ids))
    .all();
  return rows
    .filter((r) => holder.get(r.lotId) === r.orgId)
    .map((r) => ({ ...r, received: received.get(r.lotId) ?? 0 }));
}

function receiptsOf(db: Db | WriteTx, lotId: string): number {
  return (
    db
      .select({ qty: sql<number>`coalesce(sum(${stockMovements.qty}), 0)` })
      .from(stockMovements)
      .where(and(eq(stockMovements.lotId, lotId), eq(stockMovements.kind, "receipt")))
      .get()?.qty ?? 0
  );
}
