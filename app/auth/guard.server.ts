import { redirect } from "@remix-run/node";
import { getDb } from "@db/client";
import type { PersonCtx, UserCtx } from "~/domain/context.server";
import { appClock } from "~/config.server";
import { findMembership, listMemberships } from "~/domain/identity/organisations.server";
import { roleMay, type Permission } from "~/domain/permissions";
import { resolveSession, type SessionUser } from "~/domain/identity/sessions.server";
import { forbidden } from "~/http/errors.server";
import { readSessionToken, resolveLocale } from "./cookies.server";

export type AuthedUser = SessionUser & { locale: Awaited<ReturnType<typeof resolveLocale>> };

function loginRedirect(request: Request): never {
  const url = new URL(request.url);
  const back = url.pathname + url.search;
  throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`);
}

// A page's root, layout and route loaders each begin with a guard, and Remix hands them one
// Request: the session is looked up once per request, not once per loader. Every action that
// changes the session (log out, switch, language) answers with a redirect, so nothing reads a
// stale answer within the same request.
const sessionOfRequest = new WeakMap<Request, Promise<AuthedUser | null>>();

export function getOptionalUser(request: Request): Promise<AuthedUser | null> {
  let found = sessionOfRequest.get(request);
  if (!found) {
    found = lookUpSession(request);
    sessionOfRequest.set(request, found);
  }
  return found;
}

async function lookUpSession(request: Request): Promise<AuthedUser | null> {
  const token = await readSessionToken(request);
  const session = token ? resolveSession(getDb(), appClock, token) : null;
  if (!session) return null;
  return { ...session, locale: await resolveLocale(request, session.user.locale) };
}

/** Any logged-in person, or a redirect to the login page that comes back here afterwards. */
export async function requireUser(request: Request): Promise<AuthedUser> {
  return (await getOptionalUser(request)) ?? loginRedirect(request);
}

/**
 * The first line of every organisation page: who is asking, for which organisation, and whether
 * their role there holds `permission` (app/domain/permissions.ts, the table the domain's writers
 * check too). The permission names the kind of organisation as well: a store owner asking for
 * "catalog.view" holds no role that has it. The organisation is the session's active one; a
 * session with none (or one the user has since left) is sent to choose. Without it: a 403.
 */
export async function requireOrgContext(request: Request, permission: Permission): Promise<PersonCtx> {
  const auth = await requireUser(request);
  const db = getDb();
  let membership = auth.activeOrgId ? findMembership(db, auth.user.id, auth.activeOrgId) : null;
  if (!membership) {
    const all = listMemberships(db, auth.user.id);
    if (all.length !== 1) throw redirect("/orgs");
    membership = all[0];
  }
  if (!roleMay(membership.kind, membership.role, permission)) throw forbidden(auth.locale);
  return {
    db,
    actor: { kind: "person", id: auth.user.id, name: auth.user.name, phone: auth.user.phone },
    org: { id: membership.orgId, kind: membership.kind, name: membership.name },
    role: membership.role,
    locale: auth.locale,
    clock: appClock,
  };
}

/** For the pages anyone may open (log in, sign up): the database and the language, no actor. */
export async function publicContext(request: Request) {
  return { db: getDb(), clock: appClock, locale: await resolveLocale(request) };
}

/** For account pages that belong to the person, not to an organisation. */
export async function requireUserContext(request: Request): Promise<UserCtx & { sessionId: string }> {
  const auth = await requireUser(request);
  return {
    db: getDb(),
    actor: { kind: "person", id: auth.user.id, name: auth.user.name, phone: auth.user.phone },
    locale: auth.locale,
    clock: appClock,
    sessionId: auth.sessionId,
  };
}

/** What the page frame needs: the language, and who is signed in with which organisations. */
export async function shellData(request: Request) {
  const auth = await getOptionalUser(request);
  if (!auth) return { locale: await resolveLocale(request), user: null, orgs: [], activeOrgId: null };
  const orgs = listMemberships(getDb(), auth.user.id);
  const activeOrgId = auth.activeOrgId ?? (orgs.length === 1 ? orgs[0].orgId : null);
  return { locale: auth.locale, user: { name: auth.user.name }, orgs, activeOrgId };
}

/**
 * For requests that name their organisation (the outbox sync carries its store): the person's
 * context in `orgId` if they are a member whose role holds `permission`, else null. The session's
 * active organisation does not matter: an owner of two stores syncs each store's sales.
 */
export function memberContext(auth: AuthedUser, orgId: string, permission: Permission): PersonCtx | null {
  const db = getDb();
  const membership = findMembership(db, auth.user.id, orgId);
  if (!membership || !roleMay(membership.kind, membership.role, permission)) return null;
  return {
    db,
    actor: { kind: "person", id: auth.user.id, name: auth.user.name, phone: auth.user.phone },
    org: { id: membership.orgId, kind: membership.kind, name: membership.name },
    role: membership.role,
    locale: auth.locale,
    clock: appClock,
  };
}
