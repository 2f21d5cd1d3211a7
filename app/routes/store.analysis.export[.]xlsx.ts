import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOrgContext } from "~/auth/guard.server";
import { analysisXlsx } from "~/domain/analysis/export-tables.server";
import { xlsxDownload } from "~/http/download.server";
import { load } from "~/http/errors.server";

// ?table=sellers|earners|slow|runouts|expiring|credit|sales|stock&period=today|7d|30d (sales also &date=YYYY-MM-DD)
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "analysis.view");
  const q = new URL(request.url).searchParams;
  const file = await load(ctx.locale, () =>
    analysisXlsx(ctx, q.get("table"), { period: q.get("period"), date: q.get("date") }),
  );
  return xlsxDownload(file.body, file.fileName, file.ascii);
}
