// Selling offline: the outbox, its sync and the sell screen's offline states (issue 12, decision 032).
export const offline = {
  "sale.productGone": "商品“{name}”已经停售或删除",
  "sync.notMember": "您不是这家店的成员，或没有收银权限",
  "sync.madeAtFuture": "销售时间在将来：请检查手机的时间",
  "sync.madeAtTooOld": "这笔销售离线太久（超过 {days} 天），请店主核对后手工补记",
  "sync.badBody": "同步数据格式不对",
  "sync.sessionGone": "登录已过期，请重新登录；待同步的销售都还在手机上",
  "sync.foreignOrigin": "请求来源不对",
  "sync.failed": "这笔销售没能记上",
  "saleDetail.voidConfirmAsk": "确定作废这笔销售吗？",
  "saleDetail.voidConfirm": "确定作废",
  "saleDetail.voidKeep": "不作废",
  "sell.unknownCode": "没有条码为 {code} 的商品",
  "sell.addProduct": "添加这个商品",
} as const;
