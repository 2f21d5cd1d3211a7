import { eq } from "drizzle-orm";
import type { Db } from "@db/client";
import { organisations, users } from "@db/schema";
import type { Ctx } from "../context.server";
import type { Clock } from "../dates";
import { NotFound } from "../errors";

/**
 * The actor of everything a worker does on its own (closing a campaign at its deadline,
 * reconciling a payment): one user row, so that `actor_id` foreign keys and timelines hold.
 * It can never sign in: its phone is not a mainland mobile number (log-in and sign-up only
 * accept /^1\d{10}$/), and its password hash is not an scrypt hash, which `verifyPassword`
 * refuses before deriving anything. It belongs to no organisation.
 */
export const SYSTEM_USER = {
  id: "system",
  phone: "system",
  name: "村链系统",
  passwordHash: "!disabled: the system account cannot log in",
} as const;

/**
 * Looked up on every call rather than remembered: a first insert made inside a caller's
 * transaction that then rolled back would otherwise be believed to exist. The read is cheap,
 * and the insert (which takes the write lock) happens once per database.
 */
export function ensureSystemUser(db: Db, clock: Clock): void {
  const found = db.select({ id: users.id }).from(users).where(eq(users.id, SYSTEM_USER.id)).get();
  if (found) return;
  db.insert(users)
    .values({ ...SYSTEM_USER, locale: "zh-CN", createdAt: clock.now() })
    .onConflictDoNothing()
    .run();
}

/** The context of a job: its organisation, acting as the system. */
export function systemCtx(db: Db, orgId: string, clock: Clock): Ctx {
  ensureSystemUser(db, clock);
  const org = db
    .select({ id: organisations.id, kind: organisations.kind, name: organisations.name })
    .from(organisations)
    .where(eq(organisations.id, orgId))
    .get();
  if (!org) throw new NotFound();
  return {
    db,
    actor: { kind: "system", id: SYSTEM_USER.id, name: SYSTEM_USER.name },
    org,
    role: null,
    locale: "zh-CN",
    clock,
  };
}
