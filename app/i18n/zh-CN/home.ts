// The store home's words that belong to other areas' pages (issue 12, decision 033): the home
// links to nearly every area, and loading each whole area for one or two words made it the
// heaviest shopkeeper page. The pages those words also serve load this area through their
// audiences.
export const home = {
  "county.consent.nav": "数据共享",
  "alliance.store.title": "采购联盟",
  "analysis.home": "经营分析",
  "analysis.homeHint": "卖得怎么样、该补什么货",
  "suppliers.home": "供货商",
  "count.title": "盘点",
  "export.stock": "导出库存（CSV）",
  "products.new": "新增商品",
  "products.searchLabel": "查找商品",
  "products.searchPlaceholder": "扫码、名称或拼音",
  "pledge.home": "联盟团购",
  "pledge.noticeOpen": "查看",
  "pledge.notices": "消息",
  "produce.disputes.open": "{n} 条农户异议待处理",
  "produce.homeLink": "农产品收购（上行）",
  "recall.confirm": "确认已核对货架",
  "recall.notice": "召回：{label}",
  "recall.noticeDrill": "召回演练：{label}",
  "recall.noticeFrom": "{from} · 原因：{reason}",
  "recall.noticeUnits": "{units} 件已隔离，不能出售",
  "recall.open": "查看并处理",
  "restock.home": "向配送商订货",
  "suggestions.homeLink": "补货建议：该订什么货",
};
