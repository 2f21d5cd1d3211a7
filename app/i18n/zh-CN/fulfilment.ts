export const fulfilment = {
  "run.status.planned": "待拣货",
  "run.status.picking": "拣货中",
  "run.status.out_for_delivery": "配送中",
  "run.alreadyStarted": "这一趟配送已经开始拣货或出车，不能再加订单。",
  "run.status.completed": "已完成",
} as const;
