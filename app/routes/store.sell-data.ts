import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOrgContext } from "~/auth/guard.server";
import { sellData } from "~/domain/sales/sell-data.server";

/**
 * The phone's copy of the active store's selling data, as a delta from the catalog version it
 * has (`?since=`; decision 032). JSON for the sell screen's offline code; never cached.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "sale.record");
  const since = Number(new URL(request.url).searchParams.get("since")) || 0;
  return Response.json(sellData(ctx, since), { headers: { "Cache-Control": "no-store" } });
}
