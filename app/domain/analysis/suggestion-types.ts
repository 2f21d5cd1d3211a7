import type { ForecastMethod } from "./forecast";

// The shapes of a store's restock suggestions (suggestions.server.ts), shared by the computation
// and the line that explains it.

export type Suggestion = {
  /** The store's own product. */
  productId: string;
  /** The distributor's SKU with the same barcode: what a cart line names. */
  skuId: string;
  name: string;
  baseUnit: string;
  /** The distributor's pack unit (箱), base units per pack and minimum order in packs. */
  packUnit: string | null;
  packSize: number;
  minOrderPacks: number;
  casePriceFen: number;
  method: ForecastMethod | "new";
  ratePerDay: number;
  /** As recorded; may be negative (counted as 0). */
  onHand: number;
  /** Base units on submitted-to-delivered orders not yet received. */
  incoming: number;
  targetUnits: number;
  packs: number;
  /** One line in the user's language: why this many. */
  why: string;
};

export type SuggestionList = {
  distributors: { id: string; name: string }[];
  distributor: { id: string; name: string } | null;
  /** The delivery an order placed now goes on, the one after it, and the days to cover. */
  delivery: {
    deliveryDate: string;
    cutoffAt: number;
    followingDate: string;
    leadDays: number;
    reviewDays: number;
  } | null;
  /** Products to order first (most packs of need first), then those that need nothing. */
  suggestions: Suggestion[];
};

export type Delivery = NonNullable<SuggestionList["delivery"]>;
