import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { REPORTED_PAYMENT_METHODS, reportedPayments } from "@db/schema";
import { inTransaction, type Ctx } from "../context.server";
import { shanghaiDate, isValidDate, addDays } from "../dates";
import { Conflict, Invalid, NotFound } from "../errors";
import { moneyField, optionalText, requestIdField, text } from "../fields.server";
import { newId } from "../ids.server";
import { once } from "../idempotency.server";
import { requirePermission } from "../permission-check.server";
import { balanceOf, pairOf } from "./account.server";
import { bookPayment } from "./record-payment.server";

// Issue 11: a store on account pays its distributor away from the van's cash box too (cash
// handed to the driver on another day, a bank transfer). It reports what it paid; the office
// checks its bank statement or the driver's bag and confirms it, and only then does it count:
// a store cannot erase its own debt. A rejected report says why and changes nothing.

/** How far back a report may date a payment: older money is the office's to book by hand. */
const OLDEST_DAYS = 60;

export const reportPaymentSchema = z.object({
  requestId: requestIdField(),
  distributorOrgId: z.string().min(1).max(64),
  amountFen: moneyField().refine((v) => v > 0, "validation.positive"),
  method: z.enum(REPORTED_PAYMENT_METHODS, { error: "restock.account.methodRequired" }),
  paidOn: z.string().trim().refine(isValidDate, "validation.date"),
  reference: optionalText(100),
});

export function reportPayment(ctx: Ctx, input: z.output<typeof reportPaymentSchema>) {
  requirePermission(ctx, "account.reportPayment");
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, `report:${input.requestId}`, "account.reportPayment", () => {
      const { linkId: _, ...pair } = pairOf(tx, ctx, input.distributorOrgId);
      const today = shanghaiDate(ctx.clock.now());
      if (input.paidOn > today || input.paidOn < addDays(today, -OLDEST_DAYS)) {
        throw new Invalid(
          "accounts.report.paidOnRange",
          { days: OLDEST_DAYS },
          { paidOn: "accounts.report.paidOnRange" },
        );
      }
      const owed = balanceOf(tx, pair);
      if (input.amountFen > owed) {
        throw new Invalid("accounts.report.tooLarge", { balance: owed }, { amountFen: "accounts.report.tooLarge" });
      }
      const id = newId();
      tx.insert(reportedPayments)
        .values({
          id,
          ...pair,
          amountFen: input.amountFen,
          method: input.method,
          paidOn: input.paidOn,
          reference: input.reference,
          reportedBy: ctx.actor.id,
          reportedAt: ctx.clock.now(),
        })
        .run();
      return { reportId: id };
    }),
  );
}

export const decideReportSchema = z.discriminatedUnion("decision", [
  z.object({ decision: z.literal("confirm"), requestId: requestIdField(), reportId: z.string().min(1).max(64) }),
  z.object({
    decision: z.literal("reject"),
    requestId: requestIdField(),
    reportId: z.string().min(1).max(64),
    reason: text(200),
  }),
]);

function pendingReport(ctx: Ctx, tx: Parameters<Parameters<typeof inTransaction>[1]>[0], reportId: string) {
  const report = tx
    .select()
    .from(reportedPayments)
    .where(and(eq(reportedPayments.id, reportId), eq(reportedPayments.distributorOrgId, ctx.org.id)))
    .get();
  if (!report) throw new NotFound();
  if (report.status !== "pending") throw new Conflict("accounts.report.alreadyDecided");
  return report;
}

/** The office found the money: book it as a payment on the account (the same writer as its own bookings). */
export function confirmReportedPayment(ctx: Ctx, input: { requestId: string; reportId: string }) {
  requirePermission(ctx, "account.confirmPayment");
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, `report-decision:${input.requestId}`, "account.confirmPayment", () => {
      const report = pendingReport(ctx, tx, input.reportId);
      const pair = { distributorOrgId: report.distributorOrgId, storeOrgId: report.storeOrgId };
      const note = [report.paidOn, report.reference].filter(Boolean).join(" · ");
      const entryId = bookPayment(
        tx,
        ctx,
        pair,
        { amountFen: report.amountFen, method: report.method, note },
        { overpaid: "credit" },
      );
      tx.update(reportedPayments)
        .set({ status: "confirmed", entryId, decidedBy: ctx.actor.id, decidedAt: ctx.clock.now() })
        .where(eq(reportedPayments.id, report.id))
        .run();
      return { reportId: report.id, entryId };
    }),
  );
}

/** The money is not there (or was booked already): the report stays out of the account, with the reason. */
export function rejectReportedPayment(ctx: Ctx, input: { requestId: string; reportId: string; reason: string }) {
  requirePermission(ctx, "account.confirmPayment");
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, `report-decision:${input.requestId}`, "account.rejectPayment", () => {
      const report = pendingReport(ctx, tx, input.reportId);
      tx.update(reportedPayments)
        .set({ status: "rejected", rejectReason: input.reason, decidedBy: ctx.actor.id, decidedAt: ctx.clock.now() })
        .where(eq(reportedPayments.id, report.id))
        .run();
      return { reportId: report.id };
    }),
  );
}

/** One decision form, two verbs. */
export function decideReportedPayment(ctx: Ctx, input: z.output<typeof decideReportSchema>) {
  return input.decision === "confirm" ? confirmReportedPayment(ctx, input) : rejectReportedPayment(ctx, input);
}

/** The pair's reports, newest first: pending ones for the office to decide, decided ones for the record. */
export function reportedPaymentsOf(ctx: Ctx, otherOrgId: string) {
  const { linkId: _, ...pair } = pairOf(ctx.db, ctx, otherOrgId);
  return ctx.db
    .select({
      id: reportedPayments.id,
      amountFen: reportedPayments.amountFen,
      method: reportedPayments.method,
      paidOn: reportedPayments.paidOn,
      reference: reportedPayments.reference,
      status: reportedPayments.status,
      reportedAt: reportedPayments.reportedAt,
      rejectReason: reportedPayments.rejectReason,
    })
    .from(reportedPayments)
    .where(
      and(
        eq(reportedPayments.distributorOrgId, pair.distributorOrgId),
        eq(reportedPayments.storeOrgId, pair.storeOrgId),
      ),
    )
    .orderBy(desc(reportedPayments.reportedAt), desc(reportedPayments.id))
    .limit(30)
    .all();
}
