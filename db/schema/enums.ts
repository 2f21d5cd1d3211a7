// Plain constants, no drizzle: safe to reach the browser bundle through the domain's re-exports.
// A bureau is a county commerce bureau (县商务局): tied to one county by its GB/T 2260 code, it sees
// that county's aggregates only (issue 16, decision 037).
export const ORG_KINDS = ["store", "distributor", "alliance", "bureau"] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const ROLES = {
  store: ["owner", "clerk"],
  distributor: ["admin", "warehouse", "driver"],
  alliance: ["coordinator"],
  bureau: ["director", "analyst"],
} as const;
export type Role = (typeof ROLES)[OrgKind][number];

export const MOVEMENT_KINDS = ["receipt", "sale", "return", "adjustment", "count", "transfer"] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

export const ADJUSTMENT_REASONS = ["damaged", "expired", "lost", "found"] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];

// 微信 and 支付宝 are recorded, not processed: the shopkeeper takes the payment on their own QR code.
export const TENDERS = ["cash", "wechat", "alipay", "credit"] as const;
export type Tender = (typeof TENDERS)[number];

export const SALE_STATUSES = ["completed", "voided"] as const;
export type SaleStatus = (typeof SALE_STATUSES)[number];

/** What undid (part of) a sale: a void undoes what is left of it, a return undoes chosen lines. */
export const SALE_REVERSAL_KINDS = ["void", "return"] as const;
export type SaleReversalKind = (typeof SALE_REVERSAL_KINDS)[number];

// Credit book entries: a credit sale adds to what the customer owes; a repayment, or the void
// or return of a credit sale, takes away from it.
export const CREDIT_ENTRY_KINDS = ["sale", "repayment", "void", "return"] as const;
export type CreditEntryKind = (typeof CREDIT_ENTRY_KINDS)[number];

export const REPAYMENT_TENDERS = ["cash", "wechat", "alipay"] as const;
export type RepaymentTender = (typeof REPAYMENT_TENDERS)[number];
