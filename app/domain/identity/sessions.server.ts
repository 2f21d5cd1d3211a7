import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, lte, sql } from "drizzle-orm";
import type { Db } from "@db/client";
import { sessions, users } from "@db/schema";
import type { Clock } from "../dates";
import { newId } from "../ids.server";
import { preparedFor } from "../prepared.server";

export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

/** Returns the token for the cookie; the database keeps only its hash. */
export function createSession(
  db: Db,
  clock: Clock,
  userId: string,
  { userAgent = null as string | null, activeOrgId = null as string | null } = {},
) {
  const token = randomBytes(32).toString("base64url");
  const now = clock.now();
  db.transaction((tx) => {
    // Expired sessions are useless; dropping this person's at each log-in keeps the table small.
    tx.delete(sessions)
      .where(and(eq(sessions.userId, userId), lte(sessions.expiresAt, now)))
      .run();
    tx.insert(sessions)
      .values({
        id: newId(),
        tokenHash: hashToken(token),
        userId,
        activeOrgId,
        createdAt: now,
        expiresAt: now + SESSION_TTL_MS,
        userAgent: userAgent?.slice(0, 200) ?? null,
      })
      .run();
  });
  return { token, expiresAt: now + SESSION_TTL_MS };
}

export type SessionUser = {
  sessionId: string;
  activeOrgId: string | null;
  user: { id: string; name: string; phone: string; locale: "zh-CN" | "en" };
};

// Every request that carries a cookie asks this: prepared once per database (decision 033).
const bySession = preparedFor((db) =>
  db
    .select({
      sessionId: sessions.id,
      activeOrgId: sessions.activeOrgId,
      id: users.id,
      name: users.name,
      phone: users.phone,
      locale: users.locale,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, sql.placeholder("tokenHash")), gt(sessions.expiresAt, sql.placeholder("now"))))
    .prepare(),
);

export function resolveSession(db: Db, clock: Clock, token: string): SessionUser | null {
  const row = bySession(db).get({ tokenHash: hashToken(token), now: clock.now() });
  if (!row) return null;
  const { sessionId, activeOrgId, ...user } = row;
  return { sessionId, activeOrgId, user };
}

/** Only the session's own user may move it; returns whether a session was moved. */
export function setActiveOrg(db: Db, userId: string, sessionId: string, orgId: string): boolean {
  return (
    db
      .update(sessions)
      .set({ activeOrgId: orgId })
      .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)))
      .run().changes === 1
  );
}

export function revokeSession(db: Db, sessionId: string): void {
  db.delete(sessions).where(eq(sessions.id, sessionId)).run();
}

/** "Log out everywhere": every device's cookie stops working at its next request. */
export function revokeAllSessions(db: Db, userId: string): number {
  return db.delete(sessions).where(eq(sessions.userId, userId)).run().changes;
}

export function countSessions(db: Db, clock: Clock, userId: string): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(sessions)
      .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, clock.now())))
      .get()?.n ?? 0
  );
}
