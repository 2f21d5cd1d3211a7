import { eq } from "drizzle-orm";
import type { Db } from "@db/client";
import { users } from "@db/schema";
import type { Locale } from "~/i18n/locale";

export function setUserLocale(db: Db, userId: string, locale: Locale): void {
  db.update(users).set({ locale }).where(eq(users.id, userId)).run();
}
