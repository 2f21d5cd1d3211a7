export const restock = {
  "order.status.submitted": "已提交",
  "order.status.confirmed": "已确认",
  "order.status.rejected": "已拒绝",
  "order.status.cancelled": "已取消",
  "order.status.picking": "拣货中",
  "order.status.out_for_delivery": "配送中",
  "order.status.delivered": "已送达",
  "order.status.received": "已收货",
} as const;
