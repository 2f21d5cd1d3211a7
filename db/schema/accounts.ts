import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { accountEntries } from "./distribution";
import { organisations, users } from "./identity";

// Issue 11: money a store says it paid its distributor away from a delivery stop (cash handed to
// the driver, a bank transfer). It counts only once the distributor confirms it: confirming books
// an ordinary payment entry on the account (account_entries), rejecting keeps it out with a reason.
export const REPORTED_PAYMENT_METHODS = ["cash", "bank", "wechat", "alipay"] as const;
export type ReportedPaymentMethod = (typeof REPORTED_PAYMENT_METHODS)[number];
export const REPORTED_PAYMENT_STATUSES = ["pending", "confirmed", "rejected"] as const;
export type ReportedPaymentStatus = (typeof REPORTED_PAYMENT_STATUSES)[number];

export const reportedPayments = sqliteTable(
  "reported_payments",
  {
    id: text("id").primaryKey(),
    distributorOrgId: text("distributor_org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    storeOrgId: text("store_org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    amountFen: integer("amount_fen").notNull(),
    method: text("method", { enum: REPORTED_PAYMENT_METHODS }).notNull(),
    // The calendar day (Asia/Shanghai, YYYY-MM-DD) the store says it paid.
    paidOn: text("paid_on").notNull(),
    // The transfer's serial number, the driver's name: whatever lets the office find the money.
    reference: text("reference"),
    status: text("status", { enum: REPORTED_PAYMENT_STATUSES }).notNull().default("pending"),
    reportedBy: text("reported_by").references(() => users.id),
    reportedAt: integer("reported_at").notNull(),
    decidedBy: text("decided_by").references(() => users.id),
    decidedAt: integer("decided_at"),
    rejectReason: text("reject_reason"),
    // The payment entry a confirmation booked.
    entryId: text("entry_id").references(() => accountEntries.id),
  },
  (t) => [index("reported_payments_pair_idx").on(t.distributorOrgId, t.storeOrgId, t.status, t.reportedAt)],
);
