import { createCookie } from "@remix-run/node";
import { servedOverHttps } from "~/config.server";
import { SESSION_TTL_MS } from "~/domain/identity/sessions.server";
import { DEFAULT_LOCALE, isLocale, type Locale } from "~/i18n/locale";

const secure = servedOverHttps;

// The cookie holds a random token only; what it grants lives in the sessions table, so it
// can be revoked (log out everywhere) and never needs signing secrets to be trusted.
export const sessionCookie = createCookie("vl_session", {
  httpOnly: true,
  sameSite: "lax",
  secure,
  path: "/",
  maxAge: SESSION_TTL_MS / 1000,
});

export const localeCookie = createCookie("vl_lang", {
  httpOnly: false,
  sameSite: "lax",
  secure,
  path: "/",
  maxAge: 365 * 24 * 60 * 60,
});

export async function readSessionToken(request: Request): Promise<string | null> {
  const value = await sessionCookie.parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 20 ? value : null;
}

/** The language chosen with the switch (cookie); Chinese otherwise, whatever the browser says. */
export async function readLocaleCookie(request: Request): Promise<Locale | null> {
  const value = await localeCookie.parse(request.headers.get("Cookie"));
  return isLocale(value) ? value : null;
}

export async function resolveLocale(request: Request, userLocale?: Locale | null): Promise<Locale> {
  return (await readLocaleCookie(request)) ?? userLocale ?? DEFAULT_LOCALE;
}
