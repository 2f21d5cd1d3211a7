import { and, asc, eq, gt, or, sql } from "drizzle-orm";
import {
  products,
  quarantinedLots,
  stockLots,
  stockMovements,
  type AdjustmentReason,
  type MovementKind,
} from "@db/schema";
import type { Ctx, WriteTx } from "../context.server";
import { NotFound } from "../errors";
import { refuseRecalled } from "../recall/refusal.internal.server";
import { newId } from "../ids.server";
import { preparedFor } from "../prepared.server";

const p = sql.placeholder;

// The ledger's queries run on every sale line, receipt and count: prepared once per database
// (decision 033). They run on ctx.db, the connection of the caller's transaction.
const queries = preparedFor((db) => ({
  product: db
    .select()
    .from(products)
    .where(and(eq(products.id, p("productId")), eq(products.orgId, p("orgId"))))
    .prepare(),
  insertMovement: db
    .insert(stockMovements)
    .values({
      id: p("id"),
      orgId: p("orgId"),
      productId: p("productId"),
      lotId: p("lotId"),
      kind: p("kind"),
      reason: p("reason"),
      qty: p("qty"),
      unitCostFen: p("unitCostFen"),
      batchNo: p("batchNo"),
      expiryDate: p("expiryDate"),
      actorId: p("actorId"),
      refType: p("refType"),
      refId: p("refId"),
      note: p("note"),
      createdAt: p("createdAt"),
    })
    .prepare(),
  moveLot: db
    .update(stockLots)
    .set({ onHand: sql`${stockLots.onHand} + ${p("qty")}` })
    .where(eq(stockLots.id, p("lotId")))
    .prepare(),
  moveProduct: db
    .update(products)
    .set({ onHand: sql`${products.onHand} + ${p("qty")}`, updatedAt: sql`${p("now")}` })
    .where(and(eq(products.id, p("productId")), eq(products.orgId, p("orgId"))))
    .prepare(),
  // A lot under an open recall (decision 041) comes back with its recall: the join is by the
  // quarantine table's primary key, the only cost a sale pays for recalls.
  lotsToTakeFrom: db
    .select({
      id: stockLots.id,
      batchNo: stockLots.batchNo,
      expiryDate: stockLots.expiryDate,
      onHand: stockLots.onHand,
      recallId: quarantinedLots.recallId,
    })
    .from(stockLots)
    .leftJoin(quarantinedLots, eq(quarantinedLots.lotId, stockLots.id))
    // `+org_id` keeps SQLite off the (org_id, expiry_date) index: without statistics it chose
    // that one and read every lot of the store (456 in the demo shop) on every sale line, where
    // the product's own lots are a handful (found by the sync endpoint's profile, decision 033).
    .where(
      and(
        eq(stockLots.productId, p("productId")),
        eq(sql`+${stockLots.orgId}`, p("orgId")),
        // The unnamed lot comes too, stock or not: what no lot covers is taken from it.
        or(gt(stockLots.onHand, 0), and(eq(stockLots.batchNo, ""), eq(stockLots.expiryDate, ""))),
      ),
    )
    // Lots without an expiry date sort last: sell what goes off first.
    .orderBy(sql`${stockLots.expiryDate} = ''`, asc(stockLots.expiryDate), asc(stockLots.createdAt))
    .prepare(),
  lot: db
    .select()
    .from(stockLots)
    .where(
      and(
        eq(stockLots.productId, p("productId")),
        eq(stockLots.orgId, p("orgId")),
        eq(stockLots.batchNo, p("batchNo")),
        eq(stockLots.expiryDate, p("expiryDate")),
      ),
    )
    .prepare(),
}));

export type MovementInput = {
  productId: string;
  kind: MovementKind;
  /** Signed change in base units. */
  qty: number;
  /** Per base unit; defaults to the product's average cost. */
  unitCostFen?: number;
  reason?: AdjustmentReason | null;
  batchNo?: string;
  expiryDate?: string;
  refType?: string | null;
  refId?: string | null;
  note?: string | null;
  /** When it happened, if not now (a sale made offline, decision 032). */
  at?: number;
  /**
   * What a decrease does when the clean lots do not cover it and recalled (quarantined) lots
   * hold units (decision 041). Quarantined lots are never taken by default: the rest comes from
   * the unnamed lot. "refuse": a sale at the till is refused with the recall's reason. "take":
   * a sale made offline before the phone knew is recorded against the recalled units.
   */
  quarantined?: "refuse" | "take";
  /** The lot itself, for a movement on one known lot of this product (a recall's return). */
  lotId?: string;
  /** The product's row as the caller read it in this transaction (a sale line), not read again. */
  product?: ProductRow;
};

export type ProductRow = typeof products.$inferSelect;

/** The org's product, or NotFound: the one place a product id from outside is trusted. */
export function productForUpdate(_tx: WriteTx, ctx: Ctx, productId: string): ProductRow {
  const product = queries(ctx.db).product.get({ productId, orgId: ctx.org.id });
  if (!product) throw new NotFound();
  return product;
}

/**
 * The only writer of stock. Appends movements and moves the cached levels (per lot and per
 * product) in the caller's transaction, so `sum(movements) == on_hand` holds at every commit.
 *
 * Increases go to the named lot (batch + expiry), or to the product's unnamed lot. Decreases
 * take from lots first-expiring-first (FEFO, as a shopkeeper sells the oldest first), one
 * movement per lot touched so each unit stays traceable to its receipt; whatever no lot holds
 * comes from the unnamed lot, which may go negative when records lag reality.
 */
export function applyMovement(tx: WriteTx, ctx: Ctx, input: MovementInput): string[] {
  if (!Number.isSafeInteger(input.qty) || input.qty === 0) throw new Error(`movement qty must be a non-zero integer`);
  const product = input.product?.id === input.productId ? input.product : productForUpdate(tx, ctx, input.productId);
  const unitCostFen = input.unitCostFen ?? product.costFen;
  const now = input.at ?? ctx.clock.now();
  const ids: string[] = [];
  const q = queries(ctx.db);

  const write = (lot: { id: string; batchNo: string; expiryDate: string }, qty: number) => {
    const id = newId();
    q.insertMovement.run({
      id,
      orgId: ctx.org.id,
      productId: product.id,
      lotId: lot.id,
      kind: input.kind,
      reason: input.reason ?? null,
      qty,
      unitCostFen,
      batchNo: lot.batchNo,
      expiryDate: lot.expiryDate,
      actorId: ctx.actor.id,
      refType: input.refType ?? null,
      refId: input.refId ?? null,
      note: input.note ?? null,
      createdAt: now,
    });
    q.moveLot.run({ qty, lotId: lot.id });
    ids.push(id);
  };

  if (input.lotId) {
    write(lotOfProduct(tx, ctx, product.id, input.lotId), input.qty);
  } else if (input.qty > 0 || input.batchNo || input.expiryDate) {
    write(lotFor(tx, ctx, product.id, input.batchNo ?? "", input.expiryDate ?? "", now), input.qty);
  } else {
    let remaining = -input.qty;
    const found = q.lotsToTakeFrom.all({ productId: product.id, orgId: ctx.org.id });
    const unnamed = found.find((lot) => lot.batchNo === "" && lot.expiryDate === "");
    const lots = found.filter((lot) => lot.onHand > 0);
    const clean = lots.filter((lot) => lot.recallId === null);
    const recalled = lots.filter((lot) => lot.recallId !== null);
    const held = recalled.reduce((sum, lot) => sum + lot.onHand, 0);
    if (held > 0 && input.quarantined === "refuse" && clean.reduce((s, l) => s + l.onHand, 0) < remaining)
      refuseRecalled(ctx, product.name, recalled[0]!.recallId!);
    for (const lot of input.quarantined === "take" ? [...clean, ...recalled] : clean) {
      if (remaining === 0) break;
      const take = Math.min(lot.onHand, remaining);
      write(lot, -take);
      remaining -= take;
    }
    if (remaining > 0 || ids.length === 0) write(unnamed ?? lotFor(tx, ctx, product.id, "", "", now), -remaining);
  }

  q.moveProduct.run({ qty: input.qty, now, productId: product.id, orgId: ctx.org.id });
  return ids;
}

function lotFor(tx: WriteTx, ctx: Ctx, productId: string, batchNo: string, expiryDate: string, now: number) {
  const existing = queries(ctx.db).lot.get({ productId, orgId: ctx.org.id, batchNo, expiryDate });
  if (existing) return existing;
  const lot = { id: newId(), orgId: ctx.org.id, productId, batchNo, expiryDate, onHand: 0, createdAt: now };
  tx.insert(stockLots).values(lot).run();
  return lot;
}

function lotOfProduct(tx: WriteTx, ctx: Ctx, productId: string, lotId: string) {
  const lot = tx
    .select()
    .from(stockLots)
    .where(and(eq(stockLots.id, lotId), eq(stockLots.productId, productId), eq(stockLots.orgId, ctx.org.id)))
    .get();
  if (!lot) throw new NotFound();
  return lot;
}
