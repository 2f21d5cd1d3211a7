import { and, desc, eq, inArray, or } from "drizzle-orm";
import { payments, type PaymentSubject } from "@db/schema";
import type { Ctx, WriteTx } from "../context.server";
import type { PaymentRow } from "./payments.server";

export type PaymentView = Pick<
  PaymentRow,
  | "id"
  | "subject"
  | "subjectId"
  | "amountFen"
  | "provider"
  | "methodType"
  | "status"
  | "capturedFen"
  | "refundedFen"
  | "lastError"
  | "updatedAt"
>;

/**
 * The latest payment of each subject, for display: only payments this organisation makes or
 * receives. Subjects without a payment are absent from the result.
 */
export function paymentsFor(
  db: Ctx["db"] | WriteTx,
  orgId: string,
  subject: PaymentSubject,
  subjectIds: string[],
): Record<string, PaymentView> {
  const found: Record<string, PaymentView> = {};
  if (!subjectIds.length) return found;
  const rows = db
    .select({
      id: payments.id,
      subject: payments.subject,
      subjectId: payments.subjectId,
      amountFen: payments.amountFen,
      provider: payments.provider,
      methodType: payments.methodType,
      status: payments.status,
      capturedFen: payments.capturedFen,
      refundedFen: payments.refundedFen,
      lastError: payments.lastError,
      updatedAt: payments.updatedAt,
    })
    .from(payments)
    .where(
      and(
        eq(payments.subject, subject),
        inArray(payments.subjectId, subjectIds),
        or(eq(payments.orgId, orgId), eq(payments.payeeOrgId, orgId)),
      ),
    )
    .orderBy(desc(payments.createdAt), desc(payments.id))
    .all();
  for (const row of rows) found[row.subjectId] ??= row;
  return found;
}
