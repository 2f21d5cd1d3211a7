import type { fulfilment as zh } from "../zh-CN/fulfilment";

export const fulfilment = {
  "run.status.planned": "Planned",
  "run.status.picking": "Picking",
  "run.status.out_for_delivery": "Out for delivery",
  "run.alreadyStarted": "This delivery run has already started picking or left: it takes no more orders.",
  "run.status.completed": "Completed",
} satisfies Record<keyof typeof zh, string>;
