// Plain constants for distribution (restock orders and delivery runs): browser-safe.

export const LINK_STATUSES = ["requested", "active", "rejected", "ended"] as const;
export type LinkStatus = (typeof LINK_STATUSES)[number];

// 货到付款 (pay on delivery) or 账期 (on account, up to a credit limit).
export const PAYMENT_TERMS = ["cod", "account"] as const;
export type PaymentTerms = (typeof PAYMENT_TERMS)[number];

export const ORDER_STATUSES = [
  "submitted",
  "confirmed",
  "rejected",
  "cancelled",
  "picking",
  "out_for_delivery",
  "delivered",
  "received",
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const RUN_STATUSES = ["planned", "picking", "out_for_delivery", "completed"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

// What the store found on delivery that differs from what was shipped.
export const CLAIM_KINDS = ["short", "damaged", "extra"] as const;
export type ClaimKind = (typeof CLAIM_KINDS)[number];

export const CLAIM_STATUSES = ["open", "credited", "rejected"] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

// The store's account with its distributor: orders add what is owed; payments and credit notes
// take it away; produce the warehouse graded and bought from the store takes it away too.
export const ACCOUNT_ENTRY_KINDS = ["order", "payment", "credit_note", "produce"] as const;
export type AccountEntryKind = (typeof ACCOUNT_ENTRY_KINDS)[number];

export const PAYMENT_METHODS = ["cash", "wechat", "alipay", "bank", "online"] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
