// Browser-safe constants for restock pages (routes and components never import db/ directly).
export {
  CLAIM_KINDS,
  CLAIM_STATUSES,
  ORDER_STATUSES,
  PAYMENT_METHODS,
  type ClaimKind,
  type ClaimStatus,
  type OrderStatus,
  type PaymentMethod,
  type PaymentTerms,
  type RunStatus,
} from "@db/schema/distribution-enums";

/** Ways a distributor records money received away from a delivery stop. */
export const PAYMENT_CHANNELS = ["cash", "wechat", "alipay", "bank"] as const;
