import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@db/client";
import { users } from "@db/schema";
import type { Locale } from "~/i18n/locale";
import type { Clock } from "../dates";
import { Conflict } from "../errors";
import { text } from "../fields.server";
import { newId } from "../ids.server";
import { passwordField, phoneField } from "./fields.server";
import { hashPassword } from "./password.server";
import { createSession } from "./sessions.server";

export const signUpSchema = z.object({
  name: text(30),
  phone: phoneField(),
  password: passwordField(),
});
export type SignUpInput = z.infer<typeof signUpSchema>;

const phoneTaken = () => new Conflict("auth.phoneTaken", {}, { phone: "auth.phoneTaken" });

export async function signUp(
  db: Db,
  clock: Clock,
  input: SignUpInput,
  { locale, userAgent }: { locale: Locale; userAgent: string | null },
) {
  if (db.select({ id: users.id }).from(users).where(eq(users.phone, input.phone)).get()) throw phoneTaken();
  const passwordHash = await hashPassword(input.password);
  const id = newId();
  try {
    db.insert(users)
      .values({ id, phone: input.phone, name: input.name, passwordHash, locale, createdAt: clock.now() })
      .run();
  } catch (error) {
    // Two sign-ups with one number racing past the check above: the unique index decides.
    if (error instanceof Error && /UNIQUE/.test(error.message)) throw phoneTaken();
    throw error;
  }
  return { userId: id, ...createSession(db, clock, id, { userAgent }) };
}
