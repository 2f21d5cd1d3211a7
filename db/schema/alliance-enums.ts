// Plain constants for buying alliances, payments and jobs: browser-safe.

export const MEMBERSHIP_STATUSES = ["requested", "active", "rejected", "removed"] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

export const CERTIFICATE_KINDS = ["compliance", "inspection", "licence", "other"] as const;
export type CertificateKind = (typeof CERTIFICATE_KINDS)[number];

// 草稿 → 开放 → 成团 | 未成团 → 已下单 → 已送达; 取消 before the close.
export const CAMPAIGN_STATUSES = ["draft", "open", "succeeded", "failed", "ordered", "delivered", "cancelled"] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const PLEDGE_STATUSES = ["active", "withdrawn"] as const;
export type PledgeStatus = (typeof PLEDGE_STATUSES)[number];

export const SUPPLIER_ORDER_STATUSES = ["placed", "delivered", "cancelled"] as const;
export type SupplierOrderStatus = (typeof SUPPLIER_ORDER_STATUSES)[number];

// What a payment is for.
export const PAYMENT_SUBJECTS = ["pledge_deposit", "restock_order"] as const;
export type PaymentSubject = (typeof PAYMENT_SUBJECTS)[number];

// `offline` = no payment keys configured: recorded as pledged, settled outside the app.
export const PAYMENT_PROVIDERS = ["stripe", "offline"] as const;
export type PaymentProvider = (typeof PAYMENT_PROVIDERS)[number];

// Mirrors the PaymentIntent statuses, plus `offline` for payments to be settled by hand.
export const PAYMENT_STATUSES = [
  "requires_payment_method",
  "requires_confirmation",
  "requires_action",
  "processing",
  "requires_capture",
  "succeeded",
  "canceled",
  "offline",
  // A Checkout payment that was declined or whose asynchronous payment failed (final).
  "failed",
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

// A refund: written `queued` in the caller's transaction, `pending` once the provider has it,
// then `succeeded` or `failed` (final). `failed` lands on the payee's attention list.
export const REFUND_STATUSES = ["queued", "pending", "succeeded", "failed", "canceled"] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

// Why money goes back: the pledge was withdrawn or lowered, the campaign failed or was
// cancelled, the deposit was paid after the campaign closed, or an order paid online came out
// smaller (cancelled, rejected, delivered short).
export const REFUND_REASONS = [
  "pledge_withdrawn",
  "pledge_lowered",
  "campaign_failed",
  "campaign_cancelled",
  "paid_after_close",
  "order_difference",
] as const;
export type RefundReason = (typeof REFUND_REASONS)[number];

export const JOB_STATUSES = ["queued", "running", "done", "dead"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
