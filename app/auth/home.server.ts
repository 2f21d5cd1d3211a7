import { getDb } from "@db/client";
import type { OrgKind } from "@db/schema";
import { findMembership, listMemberships } from "~/domain/identity/organisations.server";
import type { AuthedUser } from "./guard.server";

const HOME: Record<OrgKind, string> = {
  store: "/store",
  distributor: "/distributor",
  alliance: "/alliance",
  bureau: "/county",
};

/** Where a person lands: their active organisation's home, or the chooser. */
export function homePathFor(auth: Pick<AuthedUser, "activeOrgId" | "user">): string {
  const db = getDb();
  const active = auth.activeOrgId ? findMembership(db, auth.user.id, auth.activeOrgId) : null;
  if (active) return HOME[active.kind];
  const all = listMemberships(db, auth.user.id);
  return all.length === 1 ? HOME[all[0].kind] : "/orgs";
}

export function homePathForKind(kind: OrgKind): string {
  return HOME[kind];
}

/**
 * Only same-site paths: a redirectTo from a query string must not send people elsewhere.
 * Browsers drop tabs and newlines anywhere in a URL and read "\\" as "/", so "/\t/evil.com"
 * is "//evil.com": control characters and backslashes are refused outright.
 */
export function safeRedirect(to: unknown, fallback = "/"): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || /[\x00-\x1f\x7f\\]/.test(to))
    return fallback;
  return to;
}
