import { ORG_KINDS, type Role } from "./enums";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  phone: text("phone").notNull().unique(),
  name: text("name").notNull(),
  passwordHash: text("password_hash").notNull(),
  locale: text("locale", { enum: ["zh-CN", "en"] })
    .notNull()
    .default("zh-CN"),
  createdAt: integer("created_at").notNull(),
});

// The cookie carries a random token; only its SHA-256 is stored, so a leaked database
// cannot be replayed as live sessions.
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    tokenHash: text("token_hash").notNull().unique(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    activeOrgId: text("active_org_id"),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    userAgent: text("user_agent"),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

// One row per failed login; counted over a sliding window per phone and per IP.
export const loginFailures = sqliteTable(
  "login_failures",
  {
    id: text("id").primaryKey(),
    key: text("key").notNull(),
    at: integer("at").notNull(),
  },
  (t) => [index("login_failures_key_at_idx").on(t.key, t.at)],
);

export const organisations = sqliteTable("organisations", {
  id: text("id").primaryKey(),
  kind: text("kind", { enum: ORG_KINDS }).notNull(),
  name: text("name").notNull(),
  contactPhone: text("contact_phone"),
  province: text("province"),
  city: text("city"),
  county: text("county"),
  // GB/T 2260 six-digit code of the county (e.g. 兰考县 410225): the unit of locality for sharding.
  countyCode: text("county_code"),
  township: text("township"),
  village: text("village"),
  // Where the store is, as a code of the places table (a village's, or its township's when the
  // village is not in the list); the township/village text stays as the address people wrote.
  placeCode: text("place_code"),
  address: text("address"),
  // A demo organisation may be reset by the seed; a real one never is.
  isDemo: integer("is_demo", { mode: "boolean" }).notNull().default(false),
  createdAt: integer("created_at").notNull(),
});

export const memberships = sqliteTable(
  "memberships",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role").$type<Role>().notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("memberships_org_user_uq").on(t.orgId, t.userId), index("memberships_user_idx").on(t.userId)],
);
