export const fulfilment = {
  "run.status.planned": "待拣货",
  "run.status.picking": "拣货中",
  "run.status.out_for_delivery": "配送中",
  "run.status.completed": "已完成",
} as const;
