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

/**
 * Groups of order states, named once beside the machine so that every query and page asks the
 * same question the same way. A new state must be placed in each group it belongs to here.
 */
export const ORDER_STATUS_GROUPS = {
  /** Not yet at the store's door: still counts against a credit limit, can be paid online, shows the delivery code. */
  open: ["submitted", "confirmed", "picking", "out_for_delivery"],
  /** Goods on their way to the store's shelf: open orders and those delivered but not yet received. */
  incoming: ["submitted", "confirmed", "picking", "out_for_delivery", "delivered"],
  /** Travelling with (or delivered by) a run; rejected and cancelled orders no longer do. */
  onRun: ["confirmed", "picking", "out_for_delivery", "delivered", "received"],
  /** The van has left with it: its picked packs count as shipped. */
  shipped: ["out_for_delivery", "delivered", "received"],
  /** Dropped before delivery: nothing was or will be charged. */
  dropped: ["rejected", "cancelled"],
  /** Nothing more will happen to it. */
  finished: ["received", "rejected", "cancelled"],
} as const satisfies Record<string, readonly OrderStatus[]>;

export type OrderStatusGroup = keyof typeof ORDER_STATUS_GROUPS;

/** Whether an order's state belongs to a group. */
export function orderIn(group: OrderStatusGroup, status: OrderStatus): boolean {
  return (ORDER_STATUS_GROUPS[group] as readonly OrderStatus[]).includes(status);
}

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
