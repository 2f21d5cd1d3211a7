import { and, eq, inArray, sql } from "drizzle-orm";
import { accountEntries, orderRefundChoices, paymentRefunds, payments, restockOrders } from "@db/schema";
import type { WriteTx } from "../context.server";
import { orderIn } from "../machines";
import { refundableFen, requestRefund } from "./refunds.internal.server";

type OrderRef = { id: string; storeOrgId: string; distributorOrgId: string };

/** The store's choice for an order's overpayment: `refund` unless it chose to keep it as credit. */
export function refundChoiceOf(
  tx: WriteTx | Parameters<typeof refundableFen>[0],
  orderId: string,
): "refund" | "credit" {
  return tx.select().from(orderRefundChoices).where(eq(orderRefundChoices.orderId, orderId)).get()?.choice ?? "refund";
}

/**
 * Called INSIDE the transaction that lowers what an order finally costs — delivered short (the
 * account is charged what was shipped), cancelled, rejected, a claim credited — and when the store
 * switches its choice back to `refund`. What the store paid online beyond what the order now
 * owes (the order's entries on the store↔distributor account sum below zero, less refunds
 * already under way) is refunded by `payment.refund` jobs, newest payment first — unless the
 * store chose to keep it as credit with the distributor. Each refund, once it succeeds, is an
 * entry on the account (+amount), so the order's balance comes back to zero.
 */
export function refundOrderDifference(tx: WriteTx, order: OrderRef, now: number): number {
  if (refundChoiceOf(tx, order.id) === "credit") return 0;
  // While the order is open its cost is not on the account yet: nothing to compare.
  const status = tx
    .select({ s: restockOrders.status })
    .from(restockOrders)
    .where(eq(restockOrders.id, order.id))
    .get()?.s;
  if (!status || orderIn("open", status)) return 0;
  const balance =
    tx
      .select({ n: sql<number>`coalesce(sum(${accountEntries.amountFen}), 0)` })
      .from(accountEntries)
      .where(
        and(
          eq(accountEntries.distributorOrgId, order.distributorOrgId),
          eq(accountEntries.storeOrgId, order.storeOrgId),
          eq(accountEntries.orderId, order.id),
        ),
      )
      .get()?.n ?? 0;
  const paid = tx
    .select()
    .from(payments)
    .where(
      and(
        eq(payments.orgId, order.storeOrgId),
        eq(payments.payeeOrgId, order.distributorOrgId),
        eq(payments.subject, "restock_order"),
        eq(payments.subjectId, order.id),
        eq(payments.status, "succeeded"),
      ),
    )
    .all();
  if (!paid.length) return 0;
  // Refunds decided but not yet on the account (queued or pending) already cover part of it.
  const underWay =
    tx
      .select({ n: sql<number>`coalesce(sum(${paymentRefunds.amountFen}), 0)` })
      .from(paymentRefunds)
      .where(
        and(
          inArray(
            paymentRefunds.paymentId,
            paid.map((p) => p.id),
          ),
          inArray(paymentRefunds.status, ["queued", "pending"]),
        ),
      )
      .get()?.n ?? 0;
  let left = Math.max(-balance - underWay, 0);
  let sent = 0;
  for (const payment of [...paid].sort((a, b) => b.createdAt - a.createdAt)) {
    if (left <= 0) break;
    const refund = requestRefund(tx, payment, Math.min(left, refundableFen(tx, payment)), "order_difference", now);
    if (refund) {
      left -= refund.amountFen;
      sent += refund.amountFen;
    }
  }
  return sent;
}
