import { and, eq, gt, lt, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@db/client";
import { loginFailures, users } from "@db/schema";
import { inTransaction, type WriteTx } from "../context.server";
import type { Clock } from "../dates";
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

function assertNotLimited(tx: WriteTx, keys: { key: string; max: number }[], now: number) {
  const since = now - LOGIN_WINDOW_MS;
  for (const { key, max } of keys) {
    const row = tx
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
  clock: Clock,
  input: LogInInput,
  client: { ip: string; userAgent: string | null },
): Promise<{ token: string; expiresAt: number; userId: string }> {
  const now = clock.now();
  const phoneKey = `phone:${input.phone}`;
  const ipKey = `ip:${client.ip}`;
  // Every attempt is booked as a failure in the same transaction as the limit check, before
  // the (slow, async) password check; a success takes it back. Checking first and booking
  // after the password check let guesses sent at the same moment all pass the check.
  const attempt = { phone: newId(), ip: newId() };
  inTransaction(db, (tx) => {
    assertNotLimited(
      tx,
      [
        { key: phoneKey, max: MAX_FAILURES_PER_PHONE },
        { key: ipKey, max: MAX_FAILURES_PER_IP },
      ],
      now,
    );
    tx.insert(loginFailures)
      .values([
        { id: attempt.phone, key: phoneKey, at: now },
        { id: attempt.ip, key: ipKey, at: now },
      ])
      .run();
    // Old failures are of no further use; pruning here keeps the table small without a job.
    tx.delete(loginFailures)
      .where(lt(loginFailures.at, now - LOGIN_WINDOW_MS))
      .run();
  });

  const user = db.select().from(users).where(eq(users.phone, input.phone)).get();
  const ok = await verifyPassword(input.password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (!user || !ok) throw new Unauthenticated();
  // Success clears the number's failures (earlier typos do not add up) and this attempt's
  // mark against the address.
  inTransaction(db, (tx) => {
    tx.delete(loginFailures).where(eq(loginFailures.key, phoneKey)).run();
    tx.delete(loginFailures).where(eq(loginFailures.id, attempt.ip)).run();
  });
  const session = createSession(db, clock, user.id, { userAgent: client.userAgent });
  return { ...session, userId: user.id };
}
