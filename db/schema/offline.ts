import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { organisations } from "./identity";
import { products } from "./inventory";

// A store's catalog version: bumped (by triggers, migration 0006) whenever a product is added or
// what the sell screen shows of it changes. A phone's copy of the catalog carries the version it
// was read at, and so does every sale made from it (decision 032).
export const catalogVersions = sqliteTable("catalog_versions", {
  orgId: text("org_id")
    .primaryKey()
    .references(() => organisations.id, { onDelete: "cascade" }),
  version: integer("version").notNull(),
});

// Every price a product has had, from the catalog version it took effect at (written by the
// triggers): an offline sale priced from version v is checked against the price at v.
export const productPrices = sqliteTable(
  "product_prices",
  {
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    productId: text("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    fromVersion: integer("from_version").notNull(),
    priceFen: integer("price_fen").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.productId, t.fromVersion] }),
    index("product_prices_org_idx").on(t.orgId, t.productId),
  ],
);

// A phone's last successful sync, per store (decision 044): the server's time of the last sync
// request from that device it answered. An offline sale may not claim a time before it by more
// than the offline limit. The device id is minted by the phone (IndexedDB) and sent with each sync.
export const syncDevices = sqliteTable(
  "sync_devices",
  {
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    deviceId: text("device_id").notNull(),
    userId: text("user_id").notNull(),
    lastSyncAt: integer("last_sync_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.deviceId] })],
);
