import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { sessionCookie } from "~/auth/cookies.server";
import { requireUserContext } from "~/auth/guard.server";
import { revokeAllSessions, revokeSession } from "~/domain/identity/sessions.server";

export async function loader() {
  throw redirect("/account");
}

/** POST only, so a link preview or prefetch can never log anyone out. */
export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireUserContext(request);
  const formData = await request.formData();
  if (formData.get("everywhere") === "1") revokeAllSessions(ctx.db, ctx.actor.id);
  else revokeSession(ctx.db, ctx.sessionId);
  throw redirect("/login", { headers: { "Set-Cookie": await sessionCookie.serialize("", { maxAge: 0 }) } });
}
