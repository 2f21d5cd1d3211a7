import { and, eq } from "drizzle-orm";
import { accountEntries, restockOrders, type OrderStatus } from "@db/schema";
import type { Ctx, WriteTx } from "../context.server";
import { InvalidTransition } from "../errors";
import { newId } from "../ids.server";
import { orderMachine } from "../machines";
import { recordTransition, type ReasonInput } from "../state-machine.server";
import { because } from "../timeline-reason";
import { bookOrderDemand, bookOrderShipped } from "../analysis/demand-rollups.internal.server";
import { changeReservation } from "../distribution/warehouse.server";
import { applyMovement } from "../inventory/ledger.server";
import { attachToRun, runFor } from "../fulfilment/runs.server";
import { nextOpenDelivery } from "../fulfilment/next-open-delivery.server";
import { recordCampaignReceipt } from "../alliances/savings.server";
import { notify } from "../alliances/notices.server";
import { refundOrderDifference } from "../payments/order-refunds.internal.server";
import { carryShippedLots, shippedLotsOfLine } from "../trace/shipped-lots.internal.server";
import { findOrder, linesOfOrder, ownOrderColumn, type OrderRow } from "./orders.server";

// The order process (decision 029), after Vendure's: what each move of an order does besides
// changing its status is declared here, once, per (from → to). `transitionOrder` checks the
// machine, runs the declared effects, records the timeline and updates the status, all in the
// caller's transaction; `createRestockOrder` runs the effects of entering the first state. A new
// transition therefore cannot forget the demand rollup, the reservation or the run: a test
// fails until every transition of `orderMachine` has its entry here.

type Step = { tx: WriteTx; ctx: Ctx; order: OrderRow; reason: ReasonInput };
/** An effect may state why the order moved when the caller did not (a confirm moved to a later run). */
type Effect = (step: Step) => ReasonInput | void;

/** Before: run while the order still has its old state (rollups read it). After: once it has the new one. */
export type Effects = { readonly before?: readonly Effect[]; readonly after?: readonly Effect[] };

/** Demand counted in the week of the delivery date (the rollup reads the order's current state). */
const addDemand: Effect = ({ tx, order }) => bookOrderDemand(tx, order.id, 1);
const dropDemand: Effect = ({ tx, order }) => bookOrderDemand(tx, order.id, -1);

/** Confirming reserves every ordered pack: available stock drops at once, so later carts see what is left. */
const reserve: Effect = ({ tx, ctx, order }) => {
  for (const line of linesOfOrder(tx, ctx, order.id))
    changeReservation(tx, ctx, line.productId, line.qtyPacks * line.packSize);
};

/** What is still reserved for the order (its picked packs once picks are entered) goes back to available. */
const releaseReserved: Effect = ({ tx, ctx, order }) => {
  for (const line of linesOfOrder(tx, ctx, order.id)) {
    const held = (line.pickedPacks ?? line.qtyPacks) * line.packSize;
    if (held > 0) changeReservation(tx, ctx, line.productId, -held);
  }
};

/**
 * Puts the order on the run of its route and date. A run already being loaded takes no more
 * orders: the order moves to the route's next open delivery (its demand with it), and says so.
 */
const placeOnRun: Effect = ({ tx, ctx, order }) => {
  if (!order.routeId) return;
  const from = order.deliveryDate;
  let moved = false;
  if (runFor(tx, ctx, order.routeId, from).status !== "planned") {
    const date = nextOpenDelivery(tx, ctx, order);
    bookOrderDemand(tx, order.id, -1);
    tx.update(restockOrders)
      .set({ deliveryDate: date })
      .where(and(eq(restockOrders.id, order.id), eq(restockOrders.distributorOrgId, ctx.org.id)))
      .run();
    bookOrderDemand(tx, order.id, 1);
    order.deliveryDate = date;
    moved = true;
  }
  const run = attachToRun(tx, ctx, order);
  order.runId = run?.id ?? null;
  if (moved) return because("restock.reason.movedToNextRun", { fromDate: from, date: order.deliveryDate });
};

/** A cancelled confirmed order leaves its run: the pick list and manifest no longer carry it. */
const detachFromRun: Effect = ({ tx, ctx, order }) => {
  tx.update(restockOrders)
    .set({ runId: null })
    .where(and(eq(restockOrders.id, order.id), eq(restockOrders.distributorOrgId, ctx.org.id)))
    .run();
  order.runId = null;
};

/** The van leaves: picked packs leave the warehouse ledger and their reservation; they count as shipped. */
const ship: Effect = ({ tx, ctx, order }) => {
  for (const line of linesOfOrder(tx, ctx, order.id)) {
    const picked = line.pickedPacks ?? line.qtyPacks;
    if (picked === 0) continue;
    changeReservation(tx, ctx, line.productId, -picked * line.packSize);
    const moved = applyMovement(tx, ctx, {
      productId: line.productId,
      kind: "sale",
      qty: -picked * line.packSize,
      refType: "restock_order",
      refId: order.id,
    });
    // Which warehouse lots went onto the line (first-expiring-first): the store's receipt books them.
    carryShippedLots(tx, ctx, line, moved);
  }
  bookOrderShipped(tx, order.id);
};

/** A stop that failed: what was on the van comes back onto the warehouse ledger (decision 020). */
const returnToWarehouse: Effect = ({ tx, ctx, order }) => {
  for (const line of linesOfOrder(tx, ctx, order.id)) {
    const packs = line.pickedPacks ?? 0;
    if (packs === 0) continue;
    // Back into the lots it was taken from (batch and expiry), so the lot stays traceable.
    const lots = shippedLotsOfLine(tx, ctx, line.id);
    const back = lots.length ? lots : [{ batchNo: "", expiryDate: "", qty: packs * line.packSize }];
    for (const lot of back)
      applyMovement(tx, ctx, {
        productId: line.productId,
        kind: "return",
        qty: lot.qty,
        batchNo: lot.batchNo,
        expiryDate: lot.expiryDate,
        refType: "restock_order",
        refId: order.id,
      });
  }
};

/** Delivered: the store's account is charged what was shipped (a payment taken at the door is the caller's). */
const chargeAccount: Effect = ({ tx, ctx, order }) => {
  tx.insert(accountEntries)
    .values({
      id: newId(),
      distributorOrgId: ctx.org.id,
      storeOrgId: order.storeOrgId,
      orderId: order.id,
      kind: "order",
      amountFen: order.totalFen,
      actorId: ctx.actor.id,
      createdAt: ctx.clock.now(),
    })
    .run();
};

/**
 * The order now costs less than the store paid online (delivered short, cancelled, rejected):
 * the difference is refunded by job, unless the store keeps it as credit (issue 13).
 */
const refundDifference: Effect = ({ tx, ctx, order }) => {
  refundOrderDifference(tx, order, ctx.clock.now());
};

/** The distributor dropped an order the store counted on: the store is told on its home page. */
const tellStoreCancelled: Effect = ({ tx, ctx, order, reason }) => {
  notify(
    tx,
    order.storeOrgId,
    "restock.notice.cancelledByDistributor",
    { distributor: ctx.org.name, date: order.deliveryDate, reason: wordsOf(reason) },
    `/store/restock/orders/${order.id}`,
    ctx.clock.now(),
  );
};

/** A group-buy order received: the member's savings are recorded, once (decision 023). */
const campaignReceipt: Effect = ({ tx, ctx, order }) => {
  if (order.source === "campaign") recordCampaignReceipt(tx, ctx, order.id);
};

function wordsOf(reason: ReasonInput): string {
  if (!reason) return "";
  if (typeof reason === "string") return reason;
  return String(reason.params?.reason ?? "");
}

type Move = `${OrderStatus | "new"}>${OrderStatus}`;

/** Every move of an order and what it does. Creation is the move from "new". */
export const ORDER_PROCESS: Readonly<Partial<Record<Move, Effects>>> = {
  "new>submitted": { after: [addDemand] },
  "new>confirmed": { after: [addDemand, reserve, placeOnRun] },
  "submitted>confirmed": { before: [reserve, placeOnRun] },
  "submitted>rejected": { before: [dropDemand], after: [refundDifference] },
  "submitted>cancelled": { before: [dropDemand], after: [refundDifference] },
  "confirmed>picking": {},
  "confirmed>cancelled": {
    before: [dropDemand, releaseReserved, detachFromRun],
    after: [tellStoreCancelled, refundDifference],
  },
  "picking>out_for_delivery": { before: [ship] },
  "picking>cancelled": { before: [dropDemand, releaseReserved], after: [refundDifference] },
  "out_for_delivery>delivered": { before: [chargeAccount], after: [refundDifference] },
  "out_for_delivery>cancelled": { before: [dropDemand, returnToWarehouse], after: [refundDifference] },
  "delivered>received": { after: [campaignReceipt] },
};

function effectsOf(from: OrderStatus | "new", to: OrderStatus): Effects {
  const effects = ORDER_PROCESS[`${from}>${to}`];
  // The machine allowed it but nobody said what it does: refuse rather than half-move an order.
  if (!effects) throw new Error(`order process: no effects declared for ${from} → ${to}`);
  return effects;
}

function run(effects: readonly Effect[] | undefined, step: Step): ReasonInput {
  let said: ReasonInput = null;
  for (const effect of effects ?? []) said = effect(step) ?? said;
  return said;
}

/**
 * The one way an order changes state: the machine's check, the declared effects, the timeline
 * row (who, when, from, to, why) and the status, in the caller's transaction. The status update
 * is conditional on the state read, so of two concurrent moves exactly one wins. `set` carries
 * columns the caller changes with the move (a dispatched order's shipped total). Returns the
 * order as it now stands.
 */
export function transitionOrder(
  tx: WriteTx,
  ctx: Ctx,
  ref: { id: string; status: OrderStatus },
  to: OrderStatus,
  reason: ReasonInput = null,
  set: Partial<Pick<OrderRow, "totalFen" | "signedBy" | "codCollectedFen">> = {},
): OrderRow {
  if (!orderMachine.can(ref.status, to)) throw new InvalidTransition("error.invalidTransition");
  const order = { ...findOrder(tx, ctx, ref.id), ...set };
  if (order.status !== ref.status) throw new InvalidTransition();
  const effects = effectsOf(ref.status, to);
  const step: Step = { tx, ctx, order, reason };
  if (Object.keys(set).length) {
    tx.update(restockOrders)
      .set(set)
      .where(and(eq(restockOrders.id, order.id), eq(ownOrderColumn(ctx), ctx.org.id)))
      .run();
  }
  const said = run(effects.before, step);
  recordTransition(tx, ctx, orderMachine, {
    entity: "order",
    entityId: order.id,
    from: ref.status,
    to,
    reason: reason ?? said,
  });
  const changed = tx
    .update(restockOrders)
    .set({ status: to, updatedAt: ctx.clock.now() })
    .where(
      and(eq(restockOrders.id, order.id), eq(ownOrderColumn(ctx), ctx.org.id), eq(restockOrders.status, ref.status)),
    )
    .run().changes;
  if (changed !== 1) throw new InvalidTransition();
  order.status = to;
  run(effects.after, step);
  return order;
}

/** Runs the effects of a new order entering its first state (see createRestockOrder). */
export function enterFirstState(tx: WriteTx, ctx: Ctx, order: OrderRow): ReasonInput {
  const effects = effectsOf("new", order.status);
  const step: Step = { tx, ctx, order, reason: null };
  return run([...(effects.before ?? []), ...(effects.after ?? [])], step);
}
