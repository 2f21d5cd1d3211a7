import type { distribution as zh } from "../zh-CN/distribution";

export const distribution = {
  "restock.notLinked": "Your store is not yet supplied by this distributor.",
  "distributor.nav.home": "Overview",
  "distributor.nav.catalog": "Catalog",
  "distributor.nav.stores": "Stores",
  "distributor.nav.routes": "Routes",
  "distributor.nav.orders": "Orders",
  "distributor.nav.runs": "Deliveries",
} satisfies Record<keyof typeof zh, string>;
