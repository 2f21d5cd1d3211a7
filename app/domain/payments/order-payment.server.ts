import { and, eq, inArray, or, sql } from "drizzle-orm";
import { accountEntries, paymentRefunds, payments, type OrderStatus } from "@db/schema";
import type { Ctx } from "../context.server";
import { ORDER_STATUS_GROUPS } from "../machines";
import { Conflict } from "../errors";
import { requirePermission } from "../permission-check.server";
import { getOrder } from "../restock/get-order.server";
import { findOrder } from "../restock/orders.server";
import { readyAccountId } from "./connected-accounts.server";
import { refundChoiceOf } from "./order-refunds.internal.server";
import { paymentsFor, type PaymentView } from "./payments-for.server";
import { refreshLatestPayment } from "./refresh-payment.server";
import { methodOrder, startPayment, type StartPaymentResult } from "./start-payment.server";
import { paymentsConfig } from "./stripe.server";

/** Orders the store may still pay online: not yet delivered, not cancelled or rejected. */
const PAYABLE: readonly OrderStatus[] = ORDER_STATUS_GROUPS.open;

type OrderRef = { id: string; status: OrderStatus; totalFen: number; storeOrgId: string; distributorOrgId: string };

export type OrderPaymentView = {
  enabled: boolean;
  /** The distributor has a connected account that takes charges (else: no online payment, say so). */
  payeeReady: boolean;
  payable: boolean;
  /** The order's total less what is already booked as paid against it (e.g. a group-buy deposit). */
  amountDueFen: number;
  /** The configured payment method types, in the order the hosted page is asked to show them. */
  methodTypes: string[];
  /** The payer is on a phone (Alipay first; WeChat Pay there is a QR code for another device). */
  phone: boolean;
  payment: PaymentView | null;
  /** Refunds of this order's online payments still on their way (queued or pending). */
  refundingFen: number;
  /** The store's choice for an overpayment (refund by default, or keep as credit). */
  refundChoice: "refund" | "credit";
  /** The store may choose (it paid online). */
  mayChoose: boolean;
};

/** Total − payments already on the pair's account for this order (payment entries are negative). */
function amountDueOf(ctx: Ctx, order: OrderRef): number {
  const paid =
    ctx.db
      .select({ n: sql<number>`coalesce(sum(${accountEntries.amountFen}), 0)` })
      .from(accountEntries)
      .where(
        and(
          eq(accountEntries.distributorOrgId, order.distributorOrgId),
          eq(accountEntries.storeOrgId, order.storeOrgId),
          eq(accountEntries.orderId, order.id),
          eq(accountEntries.kind, "payment"),
        ),
      )
      .get()?.n ?? 0;
  return Math.max(order.totalFen + paid, 0);
}

/** Refunds of the order's online payments decided but not finished, seen by either side. */
function refundingOf(ctx: Ctx, orderId: string): number {
  return (
    ctx.db
      .select({ n: sql<number>`coalesce(sum(${paymentRefunds.amountFen}), 0)` })
      .from(paymentRefunds)
      .innerJoin(payments, eq(payments.id, paymentRefunds.paymentId))
      .where(
        and(
          eq(payments.subject, "restock_order"),
          eq(payments.subjectId, orderId),
          or(eq(payments.orgId, ctx.org.id), eq(payments.payeeOrgId, ctx.org.id)),
          inArray(paymentRefunds.status, ["queued", "pending"]),
        ),
      )
      .get()?.n ?? 0
  );
}

/** What the order page shows about paying online, from either side. */
export function orderPaymentOf(ctx: Ctx, order: OrderRef, { phone = false } = {}): OrderPaymentView {
  const payment = paymentsFor(ctx.db, ctx.org.id, "restock_order", [order.id])[order.id] ?? null;
  const config = paymentsConfig();
  const enabled = config !== null;
  const payeeReady = enabled && readyAccountId(ctx.db, order.distributorOrgId) !== null;
  const settled = payment !== null && ["succeeded", "processing"].includes(payment.status);
  const amountDueFen = amountDueOf(ctx, order);
  return {
    enabled,
    payeeReady,
    payable: payeeReady && ctx.org.kind === "store" && PAYABLE.includes(order.status) && !settled && amountDueFen > 0,
    amountDueFen,
    methodTypes: methodOrder(config?.methodTypes ?? [], phone),
    phone,
    payment,
    refundingFen: refundingOf(ctx, order.id),
    refundChoice: refundChoiceOf(ctx.db, order.id),
    mayChoose: ctx.org.kind === "store" && payment?.status === "succeeded",
  };
}

/**
 * The store's order page: the order (getOrder) and its online payment. Coming back from the
 * payment page (`returned`), the payment is first asked of the provider, so the page is right
 * even before the webhook arrives.
 */
export async function getOrderWithPayment(ctx: Ctx, orderId: string, { returned = false, phone = false } = {}) {
  if (returned && ctx.org.kind === "store" && paymentsConfig()) {
    await refreshLatestPayment(ctx, "restock_order", findOrder(ctx.db, ctx, orderId).id);
  }
  const view = getOrder(ctx, orderId);
  return { ...view, onlinePayment: orderPaymentOf(ctx, view.order, { phone }) };
}

/**
 * 在线支付: the store pays what is due on an open order (its total, less a deposit already
 * credited) to its distributor through a hosted Checkout page, charged at once. A second tap
 * reuses the open session; a paid order is refused.
 */
export async function payOrderOnline(
  ctx: Ctx,
  orderId: string,
  returnUrl: string,
  { phone = false } = {},
): Promise<StartPaymentResult> {
  requirePermission(ctx, "payment.start");
  const order = findOrder(ctx.db, ctx, orderId);
  const view = orderPaymentOf(ctx, order);
  if (ctx.org.kind === "store" && view.enabled && !view.payeeReady) throw new Conflict("payments.payeeNotConnected");
  if (ctx.org.kind !== "store" || !view.payable) throw new Conflict("payments.notPayable");
  return startPayment(ctx, {
    subject: "restock_order",
    subjectId: order.id,
    payeeOrgId: order.distributorOrgId,
    amountFen: view.amountDueFen,
    description: `进货单 ${order.id.slice(-6)}`,
    returnUrl,
    phone,
  });
}
