import { and, eq } from "drizzle-orm";
import { accountEntries } from "@db/schema";
import type { WriteTx } from "../context.server";
import { newId } from "../ids.server";
import type { PaymentRow } from "./payments.server";

/**
 * One entry on the store↔distributor account for an online order payment (negative) or its
 * refund (positive), found again by its note (the provider's id), so it is written once.
 */
export function bookOnAccount(tx: WriteTx, payment: PaymentRow, amountFen: number, note: string, now: number) {
  if (payment.subject !== "restock_order") return;
  const booked = tx
    .select({ id: accountEntries.id })
    .from(accountEntries)
    .where(
      and(
        eq(accountEntries.distributorOrgId, payment.payeeOrgId),
        eq(accountEntries.storeOrgId, payment.orgId),
        eq(accountEntries.orderId, payment.subjectId),
        eq(accountEntries.kind, "payment"),
        eq(accountEntries.note, note),
      ),
    )
    .get();
  if (booked) return;
  tx.insert(accountEntries)
    .values({
      id: newId(),
      distributorOrgId: payment.payeeOrgId,
      storeOrgId: payment.orgId,
      kind: "payment",
      amountFen,
      orderId: payment.subjectId,
      method: "online",
      note,
      actorId: null,
      createdAt: now,
    })
    .run();
}
