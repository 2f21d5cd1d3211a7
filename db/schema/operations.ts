import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { organisations } from "./identity";

// A write that arrives twice (double tap, network retry, offline resync) carries the same
// key; the first result is remembered and returned again instead of writing twice.
export const idempotentRequests = sqliteTable(
  "idempotent_requests",
  {
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    operation: text("operation").notNull(),
    result: text("result").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.key] })],
);
