import type { restock as zh } from "../zh-CN/restock";

export const restock = {
  "order.status.submitted": "Submitted",
  "order.status.confirmed": "Confirmed",
  "order.status.rejected": "Rejected",
  "order.status.cancelled": "Cancelled",
  "order.status.picking": "Picking",
  "order.status.out_for_delivery": "Out for delivery",
  "order.status.delivered": "Delivered",
  "order.status.received": "Received",
} satisfies Record<keyof typeof zh, string>;
