import type { Db } from "@db/client";
import type { OrgKind, Role } from "@db/schema";
import type { Locale } from "~/i18n/locale";

export type Actor = { id: string; name: string; phone: string };
export type OrgRef = { id: string; kind: OrgKind; name: string };

/**
 * Every domain verb takes this first. The org is the tenant: every query the verb runs is
 * filtered by `ctx.org.id`, so a caller cannot reach another organisation's rows by id.
 */
export type Ctx = {
  db: Db;
  actor: Actor;
  org: OrgRef;
  role: Role;
  locale: Locale;
};

/** A context without an organisation, for account-level verbs (sign-up, log-in, org switch). */
export type UserCtx = { db: Db; actor: Actor; locale: Locale };

export type WriteTx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/**
 * Runs `fn` in one IMMEDIATE transaction: the write lock is taken up front, so a read-then-write
 * inside cannot be overtaken by another process (a worker) between the read and the write.
 */
export function inTransaction<T>(db: Db, fn: (tx: WriteTx) => T): T {
  return db.transaction(fn, { behavior: "immediate" });
}
