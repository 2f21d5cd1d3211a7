import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { farmerEntries, farmers, producePurchases, products, stockLots } from "@db/schema";
import { inTransaction, type Ctx, type WriteTx } from "../context.server";
import { DAY_MS, shanghaiDate } from "../dates";
import { Invalid, NotFound } from "../errors";
import { once } from "../idempotency.server";
import { newId } from "../ids.server";
import { applyMovement } from "../inventory/ledger.server";
import { requirePermission } from "../permission-check.server";
import { recordLotSource, traceCodeFor } from "../trace/lot-sources.internal.server";
import { lineAmountFen } from "./amounts";
import { discardCertificatePhoto, storeCertificatePhoto } from "./certificate-files.server";
import type { BuyProduceInput } from "./fields.server";
import { listLineForStore } from "./lists.internal.server";
import { insertProduceProduct, PRODUCE_CATEGORY } from "./publish-buying-list.server";

/** How long a farmer has to dispute a receipt (weight, grade, price) before it stands. */
export const DISPUTE_DAYS = 3;

export type BuyProduceResult = {
  purchaseId: string;
  receiptToken: string;
  amountFen: number;
  certPhoto: string | null;
};

/**
 * The store buys a farmer's produce against the distributor's buying list: the card's grade and
 * price were agreed first, then it was weighed (grams) or counted. The purchase becomes a produce
 * lot of the store with its origin edge and public trace code; the farmer's certificate (number
 * and photo) stays with it. Paid in cash, or owed on the farmer's account.
 */
export function buyProduce(ctx: Ctx, input: BuyProduceInput, photo: Uint8Array | null): BuyProduceResult {
  requirePermission(ctx, "produce.buy");
  const stored = photo ? storeCertificatePhoto(photo) : null;
  try {
    const result = inTransaction(ctx.db, (tx) =>
      once(tx, ctx, input.requestId, "produce.buy", () => buy(tx, ctx, input, stored)),
    );
    // A retried form finds the first answer: the photo sent again is not the one kept.
    if (stored && result.certPhoto !== stored) discardCertificatePhoto(stored);
    return result;
  } catch (error) {
    if (stored) discardCertificatePhoto(stored);
    throw error;
  }
}

function buy(tx: WriteTx, ctx: Ctx, input: BuyProduceInput, certPhoto: string | null): BuyProduceResult {
  const { line } = listLineForStore(tx, ctx, input.listLineId);
  const now = ctx.clock.now();
  if (input.harvestDate > shanghaiDate(now))
    throw new Invalid("produce.harvestFuture", {}, { harvestDate: "produce.harvestFuture" });
  let amountFen: number;
  try {
    amountFen = lineAmountFen(line.unit, input.qty, input.price);
  } catch {
    throw new Invalid("validation.tooLarge", {}, { qty: "validation.tooLarge" });
  }
  if (amountFen <= 0) throw new Invalid("validation.positive", {}, { qty: "validation.positive" });
  const farmerId = farmerFor(tx, ctx, input);
  const productId = storeProduceProduct(tx, ctx, line.produce, line.unit === "jin" ? "克" : "个");
  const purchaseId = newId();
  const batchNo = `${line.grade}-${shanghaiDate(now).slice(2).replaceAll("-", "")}-${purchaseId.slice(0, 6).toUpperCase()}`;
  applyMovement(tx, ctx, {
    productId,
    kind: "receipt",
    qty: input.qty,
    unitCostFen: Math.round(amountFen / input.qty),
    batchNo,
    refType: "produce_purchase",
    refId: purchaseId,
  });
  const lot = tx
    .select({ id: stockLots.id })
    .from(stockLots)
    .where(and(eq(stockLots.orgId, ctx.org.id), eq(stockLots.productId, productId), eq(stockLots.batchNo, batchNo)))
    .get()!;
  const receiptToken = randomBytes(12).toString("base64url");
  tx.insert(producePurchases)
    .values({
      id: purchaseId,
      orgId: ctx.org.id,
      farmerId,
      listLineId: line.id,
      productId,
      lotId: lot.id,
      produce: line.produce,
      grade: line.grade,
      unit: line.unit,
      qty: input.qty,
      priceFen: input.price,
      amountFen,
      payment: input.payment,
      certNo: input.certNo,
      certPhoto,
      harvestDate: input.harvestDate,
      disputeUntil: now + DISPUTE_DAYS * DAY_MS,
      receiptToken,
      actorId: ctx.actor.id,
      createdAt: now,
    })
    .run();
  recordLotSource(
    tx,
    {
      orgId: ctx.org.id,
      lotId: lot.id,
      sourceKind: "produce_purchase",
      sourceOrgId: ctx.org.id,
      sourceId: purchaseId,
      qty: input.qty,
      refType: "produce_purchase",
      refId: purchaseId,
    },
    now,
  );
  traceCodeFor(tx, ctx.org.id, lot.id, now);
  // The farmer's account shows every purchase; one paid in cash is settled on the spot.
  addFarmerEntry(tx, ctx, { farmerId, kind: "purchase", amountFen, purchaseId });
  if (input.payment === "cash")
    addFarmerEntry(tx, ctx, { farmerId, kind: "payment", amountFen: -amountFen, purchaseId });
  return { purchaseId, receiptToken, amountFen, certPhoto };
}

/** The chosen farmer of this store, or the one with this mobile, or a new one. */
function farmerFor(tx: WriteTx, ctx: Ctx, input: BuyProduceInput): string {
  if (input.farmerId) {
    const found = tx
      .select({ id: farmers.id })
      .from(farmers)
      .where(and(eq(farmers.id, input.farmerId), eq(farmers.orgId, ctx.org.id)))
      .get();
    if (!found) throw new NotFound("produce.farmerNotFound");
    return found.id;
  }
  const mobile = input.farmerMobile ?? "";
  const existing = tx
    .select({ id: farmers.id })
    .from(farmers)
    .where(and(eq(farmers.orgId, ctx.org.id), eq(farmers.mobile, mobile)))
    .get();
  if (existing) return existing.id;
  const id = newId();
  tx.insert(farmers)
    .values({
      id,
      orgId: ctx.org.id,
      name: input.farmerName ?? "",
      mobile,
      village: input.village ?? "",
      createdAt: ctx.clock.now(),
    })
    .run();
  return id;
}

function storeProduceProduct(tx: WriteTx, ctx: Ctx, produce: string, baseUnit: string): string {
  const found = tx
    .select({ id: products.id })
    .from(products)
    .where(
      and(
        eq(products.orgId, ctx.org.id),
        eq(products.name, produce),
        eq(products.baseUnit, baseUnit),
        eq(products.category, PRODUCE_CATEGORY),
      ),
    )
    .get();
  return found?.id ?? insertProduceProduct(tx, ctx, produce, baseUnit);
}

/** The only writer of a farmer's account; runs in the caller's transaction. */
export function addFarmerEntry(
  tx: WriteTx,
  ctx: Ctx,
  entry: {
    farmerId: string;
    kind: "purchase" | "payment" | "netting" | "adjustment";
    amountFen: number;
    purchaseId?: string;
    creditEntryId?: string;
    note?: string;
  },
): string {
  if (!Number.isSafeInteger(entry.amountFen) || entry.amountFen === 0)
    throw new Error("farmer amount must be a non-zero integer");
  const id = newId();
  tx.insert(farmerEntries)
    .values({
      id,
      orgId: ctx.org.id,
      farmerId: entry.farmerId,
      kind: entry.kind,
      amountFen: entry.amountFen,
      purchaseId: entry.purchaseId ?? null,
      creditEntryId: entry.creditEntryId ?? null,
      note: entry.note ?? null,
      actorId: ctx.actor.id,
      createdAt: ctx.clock.now(),
    })
    .run();
  return id;
}
