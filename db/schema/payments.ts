import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import {
  JOB_STATUSES,
  PAYMENT_PROVIDERS,
  PAYMENT_STATUSES,
  PAYMENT_SUBJECTS,
  REFUND_REASONS,
  REFUND_STATUSES,
} from "./alliance-enums";
import { organisations } from "./identity";

// One row per payment the app asks for: a pledge's deposit or an online-paid restock order.
// With Stripe (or a Stripe-compatible endpoint) it mirrors one Checkout Session (and the
// PaymentIntent it makes); its status follows webhook events and reconciliation, never the browser.
export const payments = sqliteTable(
  "payments",
  {
    id: text("id").primaryKey(),
    // The payer.
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    // The payee (alliance for deposits, distributor for orders).
    payeeOrgId: text("payee_org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    subject: text("subject", { enum: PAYMENT_SUBJECTS }).notNull(),
    subjectId: text("subject_id").notNull(),
    amountFen: integer("amount_fen").notNull(),
    currency: text("currency").notNull().default("cny"),
    provider: text("provider", { enum: PAYMENT_PROVIDERS }).notNull(),
    // The Checkout Session (decision 035); null on rows of the old PaymentIntent design.
    sessionId: text("session_id"),
    // When the session stops taking payment (epoch ms).
    expiresAt: integer("expires_at"),
    intentId: text("intent_id"),
    methodType: text("method_type"),
    status: text("status", { enum: PAYMENT_STATUSES }).notNull(),
    capturedFen: integer("captured_fen").notNull().default(0),
    // Sum of the succeeded refunds of this payment.
    refundedFen: integer("refunded_fen").notNull().default(0),
    lastError: text("last_error"),
    // The payee's connected account the charge was sent to (a destination charge, decision 042);
    // null when the money reached the platform account (offline rows, rows before connected accounts).
    destinationAccountId: text("destination_account_id"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("payments_intent_uq").on(t.intentId),
    uniqueIndex("payments_session_uq").on(t.sessionId),
    index("payments_subject_idx").on(t.subject, t.subjectId),
    index("payments_org_idx").on(t.orgId, t.createdAt),
    index("payments_status_idx").on(t.status, t.updatedAt),
  ],
);

// One row per refund the app asks for, written in the transaction that decides it (a pledge
// withdrawn, a campaign failed, an order delivered short); the `payment.refund` job sends it
// with the idempotency key `refund:<payment id>:<refund id>` and webhooks/reconciliation follow it.
export const paymentRefunds = sqliteTable(
  "payment_refunds",
  {
    id: text("id").primaryKey(),
    paymentId: text("payment_id")
      .notNull()
      .references(() => payments.id, { onDelete: "cascade" }),
    // The payer (who gets the money back) and the payee (whose attention a failure needs).
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    payeeOrgId: text("payee_org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    amountFen: integer("amount_fen").notNull(),
    reason: text("reason", { enum: REFUND_REASONS }).notNull(),
    status: text("status", { enum: REFUND_STATUSES }).notNull(),
    // The provider's refund (re_…), once created.
    refundId: text("refund_id"),
    lastError: text("last_error"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("payment_refunds_refund_uq").on(t.refundId),
    index("payment_refunds_payment_idx").on(t.paymentId),
    index("payment_refunds_payee_status_idx").on(t.payeeOrgId, t.status),
  ],
);

// What the store chose for money paid online beyond what an order finally cost (cancelled,
// rejected, delivered short, a claim credited): `refund` (the default, also when no row exists)
// or `credit` (kept on its account with the distributor). One row per order, the latest choice.
export const orderRefundChoices = sqliteTable("order_refund_choices", {
  orderId: text("order_id").primaryKey(),
  storeOrgId: text("store_org_id")
    .notNull()
    .references(() => organisations.id, { onDelete: "cascade" }),
  choice: text("choice", { enum: ["refund", "credit"] }).notNull(),
  actorId: text("actor_id"),
  createdAt: integer("created_at").notNull(),
});

// What an alliance owes a distributor: a member's deposit was paid to the alliance (online) and
// credited on the member's order with the distributor at the campaign's close (decision 023), so
// the alliance hands that amount on. One row per credited order, written in the close's transaction.
export const depositSettlements = sqliteTable(
  "deposit_settlements",
  {
    id: text("id").primaryKey(),
    allianceOrgId: text("alliance_org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    distributorOrgId: text("distributor_org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    storeOrgId: text("store_org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    campaignId: text("campaign_id").notNull(),
    orderId: text("order_id").notNull(),
    amountFen: integer("amount_fen").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("deposit_settlements_order_uq").on(t.orderId),
    index("deposit_settlements_pair_idx").on(t.allianceOrgId, t.distributorOrgId),
  ],
);

// Every webhook event is stored by its id before it is acted on: a redelivered event is seen,
// and answered, without being processed twice.
export const paymentEvents = sqliteTable("payment_events", {
  id: text("id").primaryKey(),
  type: text("type").notNull(),
  intentId: text("intent_id"),
  payload: text("payload").notNull(),
  receivedAt: integer("received_at").notNull(),
  processedAt: integer("processed_at"),
});

// The durable job queue (workers/). A job carries its organisation; `uniqueKey` makes enqueueing
// idempotent; a running job whose lease expired is taken again by any worker.
export const jobs = sqliteTable(
  "jobs",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    payload: text("payload").notNull().default("{}"),
    uniqueKey: text("unique_key"),
    status: text("status", { enum: JOB_STATUSES }).notNull().default("queued"),
    runAt: integer("run_at").notNull(),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(8),
    lockedBy: text("locked_by"),
    lockedUntil: integer("locked_until"),
    lastError: text("last_error"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    finishedAt: integer("finished_at"),
  },
  (t) => [
    uniqueIndex("jobs_unique_key_uq").on(t.uniqueKey),
    index("jobs_status_run_at_idx").on(t.status, t.runAt),
    index("jobs_org_idx").on(t.orgId, t.createdAt),
  ],
);

// A payee's connected account (Stripe Connect, decision 042): a distributor for order payments, an
// alliance for deposits. Created by the payee's admin from its settings; the provider's
// `charges_enabled` / `details_submitted` are read back on the return from onboarding and from
// `account.updated` webhooks. Online payments to an organisation go only to a ready account.
export const connectedAccounts = sqliteTable("connected_accounts", {
  orgId: text("org_id")
    .primaryKey()
    .references(() => organisations.id, { onDelete: "cascade" }),
  accountId: text("account_id").notNull().unique(),
  chargesEnabled: integer("charges_enabled", { mode: "boolean" }).notNull().default(false),
  detailsSubmitted: integer("details_submitted", { mode: "boolean" }).notNull().default(false),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
});
