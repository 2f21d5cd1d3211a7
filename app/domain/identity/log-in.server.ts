import { and, eq, gt, inArray, lt, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@db/client";
import { loginFailures, users } from "@db/schema";
import { RateLimited, Unauthenticated } from "../errors";
import { newId } from "../ids.server";
import { phoneField } from "./fields.server";
import { dummyPasswordHash, verifyPassword } from "./password.server";
import { createSession } from "./sessions.server";

export const logInSchema = z.object({
  phone: phoneField(),
  password: z.string().min(1, "validation.required").max(200),
});
export type LogInInput = z.infer<typeof logInSchema>;

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
// Five guesses per number stops password guessing against one shop; the per-IP limit is
// higher because a village may share one mobile carrier's NAT address.
export const MAX_FAILURES_PER_PHONE = 5;
export const MAX_FAILURES_PER_IP = 30;

function assertNotLimited(db: Db, keys: { key: string; max: number }[], now: number) {
  const since = now - LOGIN_WINDOW_MS;
  for (const { key, max } of keys) {
    const row = db
      .select({ n: sql<number>`count(*)`, oldest: sql<number>`min(${loginFailures.at})` })
      .from(loginFailures)
      .where(and(eq(loginFailures.key, key), gt(loginFailures.at, since)))
      .get();
    if (row && row.n >= max) {
      const minutes = Math.max(1, Math.ceil((row.oldest + LOGIN_WINDOW_MS - now) / 60_000));
      throw new RateLimited({ minutes });
    }
  }
}

export async function logIn(
  db: Db,
  input: LogInInput,
  client: { ip: string; userAgent: string | null },
): Promise<{ token: string; expiresAt: number; userId: string }> {
  const now = Date.now();
  const phoneKey = `phone:${input.phone}`;
  const ipKey = `ip:${client.ip}`;
  assertNotLimited(
    db,
    [
      { key: phoneKey, max: MAX_FAILURES_PER_PHONE },
      { key: ipKey, max: MAX_FAILURES_PER_IP },
    ],
    now,
  );

  const user = db.select().from(users).where(eq(users.phone, input.phone)).get();
  const ok = await verifyPassword(input.password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (!user || !ok) {
    db.transaction((tx) => {
      tx.insert(loginFailures)
        .values([
          { id: newId(), key: phoneKey, at: now },
          { id: newId(), key: ipKey, at: now },
        ])
        .run();
      // Old failures are of no further use; pruning here keeps the table small without a job.
      tx.delete(loginFailures).where(lt(loginFailures.at, now - LOGIN_WINDOW_MS)).run();
    });
    throw new Unauthenticated();
  }
  db.delete(loginFailures).where(inArray(loginFailures.key, [phoneKey])).run();
  const session = createSession(db, user.id, { userAgent: client.userAgent });
  return { ...session, userId: user.id };
}
