import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOrgContext } from "~/auth/guard.server";
import { demandCsv, demandSheet } from "~/domain/analysis/distributor-demand-export.server";
import { csvDownload } from "~/http/download.server";
import { load } from "~/http/errors.server";

// ?table=skus|weeks|stores|stopped&weeks=4|8|12|26
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "demand.view");
  const q = new URL(request.url).searchParams;
  const sheet = await load(ctx.locale, () => demandSheet(ctx, q.get("table"), { weeks: q.get("weeks") }));
  return csvDownload(demandCsv(sheet), `${sheet.fileBase}.csv`, `${sheet.asciiBase}.csv`);
}
