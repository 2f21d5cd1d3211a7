// Recalled units kept apart, with the reason, on the store's product list and product page (issue 15, decisions 041 and 047). A
// module of its own: the bundler splits by module, so the stock pages carry none of recall.ts.
export const recallStock = {
  "recall.stock.apart": "召回隔离 {units}{unit}（不可售）：{reason}",
  "recall.stock.sellable": "可售",
  "recall.stock.lot": "已召回 · 隔离中：{reason}",
  "recall.stock.open": "处理召回",
} as const;
