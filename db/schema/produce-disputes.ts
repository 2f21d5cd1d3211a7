import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { organisations, users } from "./identity";
import { farmerEntries, farmers, producePurchases } from "./produce";

// A farmer's dispute of a produce receipt (issue 15, decision 047): raised from the receipt link
// (no account; the token opens that one receipt), once per receipt, inside the window the receipt
// states. The store resolves it: a corrected weight/count or price booked as an adjustment in the
// farmer account, or rejected with a reason the farmer reads on the receipt page.

export const DISPUTE_STATUSES = ["open", "corrected", "rejected"] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

export const produceDisputes = sqliteTable(
  "produce_disputes",
  {
    id: text("id").primaryKey(),
    // The store that bought.
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    purchaseId: text("purchase_id")
      .notNull()
      .references(() => producePurchases.id, { onDelete: "cascade" }),
    farmerId: text("farmer_id")
      .notNull()
      .references(() => farmers.id, { onDelete: "cascade" }),
    // What the farmer wrote (bounded length).
    reason: text("reason").notNull(),
    status: text("status", { enum: DISPUTE_STATUSES }).notNull().default("open"),
    raisedAt: integer("raised_at").notNull(),
    // A correction: the weight (grams) or count and the price (fen per 斤/piece) as corrected,
    // the new line amount (rounded half up once) and the difference booked to the farmer account.
    correctedQty: integer("corrected_qty"),
    correctedPriceFen: integer("corrected_price_fen"),
    correctedAmountFen: integer("corrected_amount_fen"),
    adjustmentFen: integer("adjustment_fen"),
    farmerEntryId: text("farmer_entry_id").references(() => farmerEntries.id),
    // The store's answer: the reason of a rejection, or a note with a correction.
    answer: text("answer"),
    resolvedBy: text("resolved_by").references(() => users.id),
    resolvedAt: integer("resolved_at"),
  },
  (t) => [
    // Once per receipt.
    uniqueIndex("produce_disputes_purchase_uq").on(t.purchaseId),
    index("produce_disputes_org_status_idx").on(t.orgId, t.status, t.raisedAt),
  ],
);
