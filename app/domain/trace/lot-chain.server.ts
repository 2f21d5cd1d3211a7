import { and, eq } from "drizzle-orm";
import { stockLots } from "@db/schema";
import type { Ctx } from "../context.server";
import { NotFound } from "../errors";
import { requirePermission } from "../permission-check.server";
import { productOf, type LotRow, type Walk } from "./chain-rows.internal.server";
import type { LotChain } from "./chain-types";
import { walkDown } from "./walk-down.internal.server";
import { walkUp } from "./walk-up.internal.server";

// One lot's chain in both directions (issue 15, decision 040): up to its origin (supplier batch,
// certificate, supplier order, campaign, or a farmer's produce) and down to where its units went
// (the stores that received them, the sales that sold them). Rows, not a tree: the page lists
// them and the authorities' spreadsheet is the same rows.
//
// Tenancy: the viewer opens only a lot it holds. Upstream is the origin of its own goods and is
// shown. Downstream is walked only from lots the viewer holds: another organisation's lot is
// one row (who, how much it received), never its sales or where it sent them on.

/** The viewer's own lot, or NotFound (another organisation's lot id is a 404). */
function ownLot(ctx: Ctx, lotId: string): LotRow {
  const lot = ctx.db
    .select()
    .from(stockLots)
    .where(and(eq(stockLots.id, lotId), eq(stockLots.orgId, ctx.org.id)))
    .get();
  if (!lot) throw new NotFound();
  return lot;
}

export function lotChain(ctx: Ctx, lotId: string): LotChain {
  requirePermission(ctx, "trace.view");
  const lot = ownLot(ctx, lotId);
  const product = productOf(ctx, lot);
  const up: Walk = { ctx, rows: [], seen: new Set([lot.id]) };
  walkUp(up, lot, 0);
  const down: Walk = { ctx, rows: [], seen: new Set([lot.id]) };
  const salesHidden = walkDown(down, lot, 0);
  return {
    lot: {
      id: lot.id,
      batchNo: lot.batchNo,
      expiryDate: lot.expiryDate,
      onHand: lot.onHand,
      product: product.name,
      unit: product.baseUnit,
    },
    holder: { name: ctx.org.name, kind: ctx.org.kind },
    // Furthest origin first: supplier → … → the lot.
    up: up.rows.reverse(),
    down: down.rows,
    salesHidden,
  };
}
