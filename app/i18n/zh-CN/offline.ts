// Selling offline: the outbox, its sync and the sell screen's offline states (issue 12, decision 032).
// The sync replies' words are translated on the server and never shipped to the browser: the
// store audience takes the till's and the offline bar's parts only. `offline` is the whole area.
export const offlineServer = {
  "sync.notMember": "您不是这家店的成员，或没有收银权限",
  "sync.madeAtFuture": "销售时间在将来：请检查手机的时间",
  "sync.madeAtTooOld": "这笔销售离线太久（超过 {days} 天），请店主核对后手工补记",
  "sync.badBody": "同步数据格式不对",
  "sync.sessionGone": "登录已过期，请重新登录；待同步的销售都还在手机上",
  "sync.foreignOrigin": "请求来源不对",
  "sync.failed": "这笔销售没能记上",
} as const;

export const offlineTill = {
  "sale.productGone": "商品“{name}”已经停售或删除",
  "saleDetail.voidConfirmAsk": "确定作废这笔销售吗？",
  "saleDetail.voidConfirm": "确定作废",
  "saleDetail.voidKeep": "不作废",
  "sell.unknownCode": "没有条码为 {code} 的商品",
  "sell.addProduct": "添加这个商品",
  "offline.recorded": "已记下 {total}（待同步）",
} as const;

export const offlineRuntime = {
  "offline.pending": "{count} 笔待同步",
  "offline.lastSync": "上次同步 {time}",
  "offline.neverSynced": "还没同步过",
  "offline.syncNow": "立即同步",
  "offline.syncing": "同步中…",
  "offline.offline": "离线中：销售先记在手机上，联网后自动同步",
  "offline.catalogAge": "商品资料更新于 {time}",
  "offline.noCatalog": "这台手机还没有这家店的商品资料：请联网打开一次收银页",
  "offline.login": "登录已过期，销售都还在手机上。请重新登录，登录后自动同步",
  "offline.loginLink": "重新登录",
  "offline.attention": "需要处理：{reason}",
  "offline.giveUp": "放弃这笔",
  "offline.giveUpAsk": "放弃这笔 {total} 的销售吗？它不会记进账里，库存也不会扣；需要的话请手工补记。",
  "offline.longOffline": "已经超过 {hours} 小时没有联网，请尽快联网同步",
  "offline.logoutRefused": "还有 {count} 笔销售没同步，请先联网同步再退出登录",
} as const;

// Pure, so a bundle that takes only some parts leaves the rest (and this whole) out.
export const offline = /* @__PURE__ */ Object.assign({}, offlineServer, offlineTill, offlineRuntime);
