// Plain constants, no drizzle: safe to reach the browser bundle through the domain's re-exports.
export const ORG_KINDS = ["store", "distributor", "alliance"] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const ROLES = {
  store: ["owner", "clerk"],
  distributor: ["admin", "warehouse", "driver"],
  alliance: ["coordinator"],
} as const;
export type Role = (typeof ROLES)[OrgKind][number];

export const MOVEMENT_KINDS = ["receipt", "sale", "return", "adjustment", "count", "transfer"] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

export const ADJUSTMENT_REASONS = ["damaged", "expired", "lost", "found"] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];
