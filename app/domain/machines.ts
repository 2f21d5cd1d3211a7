import type { CampaignStatus } from "@db/schema/alliance-enums";
import type { OrderStatus, RunStatus } from "@db/schema/distribution-enums";

// State machines are declared once, here, as data: the domain refuses any other move, and the
// UI (this file is browser-safe) shows only the actions the current state allows.

export type Machine<S extends string> = {
  transitions: Readonly<Record<S, readonly S[]>>;
  can: (from: S, to: S) => boolean;
  next: (from: S) => readonly S[];
};

export function defineMachine<S extends string>(transitions: Record<S, readonly S[]>): Machine<S> {
  return {
    transitions,
    can: (from, to) => transitions[from]?.includes(to) ?? false,
    next: (from) => transitions[from] ?? [],
  };
}

/**
 * A restock order: the store submits; the distributor confirms (stock is reserved) or rejects
 * with a reason; the store may cancel only while it is still submitted; the distributor may
 * cancel a confirmed order (with a reason) until it is picked. Picking may fill it only in part
 * (the rest is backordered or dropped); the van delivers, the store receives. A stop that
 * cannot be delivered is cancelled on the road and its goods go back to the warehouse
 * (decision 020).
 */
export const orderMachine = defineMachine<OrderStatus>({
  submitted: ["confirmed", "rejected", "cancelled"],
  confirmed: ["picking", "cancelled"],
  picking: ["out_for_delivery", "cancelled"],
  out_for_delivery: ["delivered", "cancelled"],
  delivered: ["received"],
  rejected: [],
  cancelled: [],
  received: [],
});

/** A delivery run: one route on one date, all its confirmed orders pooled. */
export const runMachine = defineMachine<RunStatus>({
  planned: ["picking"],
  picking: ["out_for_delivery"],
  out_for_delivery: ["completed"],
  completed: [],
});

/**
 * A group-buy campaign (团购批次): the coordinator drafts and opens it; the close at the deadline
 * decides succeeded (MOQ reached) or failed; a succeeded campaign becomes ordered when the
 * supplier order and the member orders exist, then delivered. Cancel only before the close.
 */
export const campaignMachine = defineMachine<CampaignStatus>({
  draft: ["open", "cancelled"],
  open: ["succeeded", "failed", "cancelled"],
  succeeded: ["ordered"],
  failed: [],
  ordered: ["delivered"],
  delivered: [],
  cancelled: [],
});
