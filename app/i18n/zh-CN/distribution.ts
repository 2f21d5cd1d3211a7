export const distribution = {
  "restock.notLinked": "你的门店还没有和这家配送商建立供货关系。",
  "distributor.nav.home": "概览",
  "distributor.nav.catalog": "商品目录",
  "distributor.nav.stores": "门店",
  "distributor.nav.routes": "线路",
  "distributor.nav.orders": "订单",
  "distributor.nav.runs": "配送",
} as const;
