import "~/i18n/dictionaries.server";
import { getOptionalUser, memberContext } from "~/auth/guard.server";
import { resolveLocale } from "~/auth/cookies.server";
import { syncSales, syncSalesSchema, type SyncResult } from "~/domain/sales/sync-sales.server";
import { translate } from "~/i18n/messages";
import { oneAtATime } from "./turns.server";

/** Sync batches take turns: one per turn of the event loop (turns.server.ts says why). */
const inTurn = oneAtATime();

export type JsonReply = { status: number; body: unknown };

/** What the outbox gets back per sale (COMMON contract): the reason in the user's language. */
type SyncReply = {
  saleId: string;
  status: SyncResult["status"];
  reason?: string;
  code?: string;
  flags?: string[];
};

/**
 * `POST /api/sales/sync` (decision 032), outside the page framework: server.ts hands over the
 * request's headers and parsed JSON. Same-origin only: a browser always sends Origin on a POST,
 * and a foreign one is refused (the session cookie is SameSite=Lax too, and a JSON body cannot
 * be posted cross-site without a CORS preflight we never answer). 401 when the session is gone
 * (the phone keeps every sale and asks to log in again), 400 for a malformed body, else 200
 * with one result per sale.
 */
export async function salesSyncReply(request: Request, body: unknown): Promise<JsonReply> {
  const origin = request.headers.get("Origin");
  if (origin && !sameOrigin(origin, request.headers.get("Host"))) {
    return { status: 403, body: { message: translate(await resolveLocale(request), "sync.foreignOrigin") } };
  }
  const auth = await getOptionalUser(request);
  if (!auth) return { status: 401, body: { message: translate(await resolveLocale(request), "sync.sessionGone") } };
  const parsed = syncSalesSchema.safeParse(body);
  if (!parsed.success) return { status: 400, body: { message: translate(auth.locale, "sync.badBody") } };
  const { storeId, sales } = parsed.data;
  const ctx = memberContext(auth, storeId, "sale.record");
  const results: SyncReply[] = ctx
    ? (await inTurn(() => syncSales(ctx, parsed.data))).map((r) =>
        r.status === "refused"
          ? { saleId: r.saleId, status: r.status, code: r.code, reason: translate(auth.locale, r.code, r.params) }
          : r,
      )
    : sales.map((s) => ({
        saleId: s.saleId,
        status: "refused",
        code: "sync.notMember",
        reason: translate(auth.locale, "sync.notMember"),
      }));
  return { status: 200, body: { results } };
}

function sameOrigin(origin: string, host: string | null): boolean {
  try {
    return host !== null && new URL(origin).host === host;
  } catch {
    return false;
  }
}
