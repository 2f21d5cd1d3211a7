import type { fulfilment as zh } from "../zh-CN/fulfilment";

export const fulfilment = {
  "run.status.planned": "Planned",
  "run.status.picking": "Picking",
  "run.status.out_for_delivery": "Out for delivery",
  "run.status.completed": "Completed",
} satisfies Record<keyof typeof zh, string>;
