import type { Db } from "@db/client";
import type { OrgKind, Role } from "@db/schema";
import type { Locale } from "~/i18n/locale";
import type { Clock } from "./dates";

/** A person signed in: the actor of everything done from a page. */
export type PersonActor = { kind: "person"; id: string; name: string; phone: string };
/**
 * The app itself, acting for an organisation (closing a campaign at its deadline, reconciling a
 * payment). It has no role: only permissions granted to the system in `permissions.ts` let it
 * act. Its id names one user row so that `actor_id` foreign keys and timelines hold.
 */
export type SystemActor = { kind: "system"; id: "system"; name: string };
export type Actor = PersonActor | SystemActor;
export type OrgRef = { id: string; kind: OrgKind; name: string };

/**
 * Every domain verb takes this first. The org is the tenant: every query the verb runs is
 * filtered by `ctx.org.id`, so a caller cannot reach another organisation's rows by id.
 * `clock` is the only source of "now" for domain code: tests pin it, and "when it happened"
 * (an offline sale) is passed as data, never read from it.
 */
export type Ctx = {
  db: Db;
  actor: Actor;
  org: OrgRef;
  /** The person's role in `org`; null for the system actor, which has none. */
  role: Role | null;
  locale: Locale;
  clock: Clock;
};

/** What a page's guard hands over: a person acting in a role of the active organisation. */
export type PersonCtx = Ctx & { actor: PersonActor; role: Role };

/** A context without an organisation, for account-level verbs (sign-up, log-in, org switch). */
export type UserCtx = { db: Db; actor: PersonActor; locale: Locale; clock: Clock };

export type WriteTx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/**
 * Runs `fn` in one IMMEDIATE transaction: the write lock is taken up front, so a read-then-write
 * inside cannot be overtaken by another process (a worker) between the read and the write.
 */
export function inTransaction<T>(db: Db, fn: (tx: WriteTx) => T): T {
  return db.transaction(fn, { behavior: "immediate" });
}
