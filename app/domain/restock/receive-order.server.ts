import { and, eq } from "drizzle-orm";
import { deliveryClaims, products, restockOrderLines, type ClaimKind } from "@db/schema";
import { inTransaction, type Ctx, type WriteTx } from "../context.server";
import { Invalid } from "../errors";
import { newId } from "../ids.server";
import { once } from "../idempotency.server";
import { receiveStock } from "../inventory/receive-stock.server";
import { insertProduct } from "../inventory/save-product.server";
import { requirePermission } from "../permission-check.server";
import { because } from "../timeline-reason";
import { linkReceivedPart, receiptParts } from "../trace/carried-receipt.internal.server";
import { transitionOrder } from "./order-process.server";
import { findOrder, linesOfOrder, requireStatus, type OrderLineRow } from "./orders.server";
import { receiveOrderSchema, type ReceiveOrderInput } from "./receive-form.server";

/**
 * A first shelf price for a product the store has never stocked: cost per unit plus 20 %,
 * rounded up to the next 0.1 yuan (shops price in jiao). The shopkeeper edits it later.
 */
export function defaultRetailFen(casePriceFen: number, packSize: number): number {
  return Math.ceil((casePriceFen * 12) / (packSize * 100)) * 10;
}

/**
 * The store confirms, line by line, what came off the van: packs received in good order go on
 * its shelf (a receipt at the order's case price, with batch and expiry if typed), damaged packs
 * do not. Anything that differs from what was shipped becomes a claim for the distributor.
 * The order is then received; all of it or none of it is written.
 */
export function receiveOrder(ctx: Ctx, orderId: string, raw: ReceiveOrderInput) {
  requirePermission(ctx, "order.receive");
  const input = receiveOrderSchema.parse(raw);
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, `restock:${input.requestId}`, "restock.receive", () => {
      const order = findOrder(tx, ctx, orderId);
      requireStatus(order, ["delivered"], "restock.receiveOnlyDelivered");
      const lines = new Map(linesOfOrder(tx, ctx, order.id).map((l) => [l.id, l]));
      const given = new Map(input.lines.map((l) => [l.lineId, l]));
      for (const id of given.keys()) {
        if (!lines.has(id))
          throw new Invalid("restock.lineNotOnOrder", {}, { [`received.${id}`]: "restock.lineNotOnOrder" });
      }
      for (const id of lines.keys()) {
        if (!given.has(id))
          throw new Invalid("restock.receiveEveryLine", {}, { [`received.${id}`]: "validation.required" });
      }
      let claims = 0;
      for (const line of lines.values()) {
        const got = given.get(line.id)!;
        const storeProductId = got.receivedPacks > 0 ? bookReceipt(tx, ctx, order.id, line, got) : line.storeProductId;
        tx.update(restockOrderLines)
          .set({ receivedPacks: got.receivedPacks, damagedPacks: got.damagedPacks, storeProductId })
          .where(and(eq(restockOrderLines.id, line.id), eq(restockOrderLines.storeOrgId, ctx.org.id)))
          .run();
        claims += writeClaims(tx, line, got.receivedPacks, got.damagedPacks, ctx.clock.now());
      }
      // A group-buy order's savings are recorded by the order process, once (decision 023).
      transitionOrder(
        tx,
        ctx,
        order,
        "received",
        claims ? because("restock.reason.receivedWithClaims", { count: claims }) : null,
      );
      return { orderId: order.id, claims };
    }),
  );
}

type Got = { receivedPacks: number; batchNo: string; expiryDate: string };

/**
 * Received packs into the store's own product with the line's barcode (created if missing), in
 * the lots the van carried: the batch and expiry of each warehouse lot, not typed (decision 040).
 */
function bookReceipt(tx: WriteTx, ctx: Ctx, orderId: string, line: OrderLineRow, got: Got): string {
  const product = storeProductFor(tx, ctx, line);
  const parts = receiptParts(tx, ctx, line, got.receivedPacks * line.packSize, got);
  parts.forEach((part, i) => {
    // The store may keep the same goods in another pack size (or as singles), or a lot may hold
    // part of a pack: then the receipt is booked in base units, at the case price spread over the pack.
    const inPacks = product.packSize === line.packSize && part.units % line.packSize === 0;
    const booked = receiveStock(ctx, product.id, {
      // Derived from the line, not the form: whatever happens, a line is booked into stock once.
      requestId: i === 0 ? `ro-${orderId}-${line.id}` : `ro-${orderId}-${line.id}-${i}`,
      qty: inPacks ? part.units / line.packSize : part.units,
      unit: inPacks ? "pack" : "base",
      costFen: inPacks ? line.casePriceFen : Math.round(line.casePriceFen / line.packSize),
      batchNo: part.batchNo,
      expiryDate: part.expiryDate,
    });
    linkReceivedPart(tx, ctx, line, part, booked.movementIds);
  });
  return product.id;
}

function storeProductFor(tx: WriteTx, ctx: Ctx, line: OrderLineRow) {
  const match = line.barcode ? eq(products.barcode, line.barcode) : eq(products.name, line.name);
  const found = tx
    .select()
    .from(products)
    .where(and(eq(products.orgId, ctx.org.id), match))
    .get();
  if (found) return found;
  const id = insertProduct(tx, ctx, {
    name: line.name,
    barcode: line.barcode,
    category: "",
    baseUnit: line.baseUnit,
    packUnit: line.packUnit,
    packSize: line.packSize,
    priceFen: defaultRetailFen(line.casePriceFen, line.packSize),
    costFen: undefined,
    reorderPoint: 0,
    active: true,
  });
  return { id, packSize: line.packSize };
}

/** Short, damaged and extra packs against what was shipped, each priced at the line's case price. */
function writeClaims(tx: WriteTx, line: OrderLineRow, received: number, damaged: number, now: number): number {
  const shipped = line.pickedPacks ?? line.qtyPacks;
  const differences: [ClaimKind, number][] = [
    ["short", shipped - received - damaged],
    ["damaged", damaged],
    ["extra", received + damaged - shipped],
  ];
  let n = 0;
  for (const [kind, packs] of differences) {
    if (packs <= 0) continue;
    tx.insert(deliveryClaims)
      .values({
        id: newId(),
        orderId: line.orderId,
        lineId: line.id,
        storeOrgId: line.storeOrgId,
        distributorOrgId: line.distributorOrgId,
        kind,
        qtyPacks: packs,
        amountFen: packs * line.casePriceFen,
        createdAt: now,
      })
      .run();
    n++;
  }
  return n;
}
