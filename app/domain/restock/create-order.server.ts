import { randomInt } from "node:crypto";
import { restockOrderLines, restockOrders } from "@db/schema";
import type { Ctx, WriteTx } from "../context.server";
import { newId } from "../ids.server";
import { recordCreation, type ReasonInput } from "../state-machine.server";
import { enterFirstState } from "./order-process.server";
import type { OrderLineRow, OrderRow } from "./orders.server";

/** The 6 digits the store reads out to the driver at the door. */
export function newDeliveryCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, "0");
}

/** A line as the order keeps it: the SKU and its case price snapshotted when the order was made. */
export type NewOrderLine = Pick<
  OrderLineRow,
  "productId" | "name" | "barcode" | "packUnit" | "baseUnit" | "packSize" | "casePriceFen" | "qtyPacks"
>;

/** What an order keeps of a product when it is made: name, barcode and pack as they were then. */
type ProductSnapshot = Pick<NewOrderLine, "name" | "barcode" | "packUnit" | "baseUnit" | "packSize"> & { id: string };

/** One line of a new order: `qtyPacks` of `product` at `casePriceFen`, the product snapshotted. */
export function orderLineOf(product: ProductSnapshot, casePriceFen: number, qtyPacks: number): NewOrderLine {
  const { id: productId, name, barcode, packUnit, baseUnit, packSize } = product;
  return { productId, name, barcode, packUnit, baseUnit, packSize, casePriceFen, qtyPacks };
}

export type NewOrder = {
  storeOrgId: string;
  distributorOrgId: string;
  link: { id: string; paymentTerms: OrderRow["paymentTerms"] };
  routeId: string | null;
  /** The delivery asked for; a confirmed order whose run has started goes to the next open one. */
  deliveryDate: string;
  /** A store submits; the distributor's side (backorder, redelivery, group buy) creates confirmed orders. */
  status: "submitted" | "confirmed";
  source: OrderRow["source"];
  note?: string | null;
  backorderOf?: string | null;
  lines: NewOrderLine[];
  /** Why it exists, on the first row of its timeline (a backorder of, a group buy …). */
  reason?: ReasonInput;
};

/**
 * The one way a restock order comes into being (a store's cart, a backorder or redelivery, a
 * group buy's member order), in the caller's transaction: the order and its lines, its delivery
 * code, then the effects of its first state as the order process declares them (demand rollup;
 * for a confirmed order the reservation and the run, moved to the next open delivery if that
 * van is already being loaded), and the first timeline row. `ctx` is the side creating it: the
 * store for a submitted order, the distributor for a confirmed one.
 */
export function createRestockOrder(tx: WriteTx, ctx: Ctx, spec: NewOrder): OrderRow {
  const now = ctx.clock.now();
  const order: OrderRow = {
    id: newId(),
    storeOrgId: spec.storeOrgId,
    distributorOrgId: spec.distributorOrgId,
    linkId: spec.link.id,
    routeId: spec.routeId,
    runId: null,
    deliveryDate: spec.deliveryDate,
    status: spec.status,
    paymentTerms: spec.link.paymentTerms,
    totalFen: spec.lines.reduce((n, l) => n + l.qtyPacks * l.casePriceFen, 0),
    deliveryCode: newDeliveryCode(),
    backorderOf: spec.backorderOf ?? null,
    source: spec.source,
    note: spec.note ?? null,
    signedBy: null,
    codCollectedFen: 0,
    createdBy: ctx.actor.id,
    createdAt: now,
    updatedAt: now,
  };
  tx.insert(restockOrders).values(order).run();
  for (const line of spec.lines) {
    tx.insert(restockOrderLines)
      .values({
        ...line,
        id: newId(),
        orderId: order.id,
        storeOrgId: order.storeOrgId,
        distributorOrgId: order.distributorOrgId,
      })
      .run();
  }
  const said = enterFirstState(tx, ctx, order);
  recordCreation(tx, ctx, "order", order.id, order.status, spec.reason ?? said);
  return order;
}
