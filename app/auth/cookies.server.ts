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

const LOCALE_COOKIE = "vl_lang";
const LOCALE_MAX_AGE = 365 * 24 * 60 * 60;

/**
 * The language switch: a plain `vl_lang=en` (not Remix's base64-JSON cookie encoding), because a
 * language is no secret and a script, a test or a support person setting `vl_lang=en` must get
 * English rather than be silently ignored. Not HttpOnly: the page may read it.
 */
export const localeCookie = {
  name: LOCALE_COOKIE,
  async serialize(locale: Locale): Promise<string> {
    return [
      `${LOCALE_COOKIE}=${locale}`,
      "Path=/",
      `Max-Age=${LOCALE_MAX_AGE}`,
      "SameSite=Lax",
      ...(secure ? ["Secure"] : []),
    ].join("; ");
  },
};

export async function readSessionToken(request: Request): Promise<string | null> {
  const value = await sessionCookie.parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 20 ? value : null;
}

/** The language chosen with the switch (cookie); Chinese otherwise, whatever the browser says. */
export async function readLocaleCookie(request: Request): Promise<Locale | null> {
  for (const part of (request.headers.get("Cookie") ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0 || part.slice(0, eq).trim() !== LOCALE_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    if (isLocale(value)) return value;
    // Cookies set before the plain format carry Remix's encoding: base64 of a JSON string.
    try {
      const legacy: unknown = JSON.parse(Buffer.from(decodeURIComponent(value), "base64").toString("utf8"));
      if (isLocale(legacy)) return legacy;
    } catch {
      // not a language: ignore it
    }
  }
  return null;
}

export async function resolveLocale(request: Request, userLocale?: Locale | null): Promise<Locale> {
  return (await readLocaleCookie(request)) ?? userLocale ?? DEFAULT_LOCALE;
}
