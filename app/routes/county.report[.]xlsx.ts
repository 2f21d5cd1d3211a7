import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOrgContext } from "~/auth/guard.server";
import { countyReportXlsx } from "~/domain/county/report-xlsx.server";
import { xlsxDownload } from "~/http/download.server";
import { load } from "~/http/errors.server";

// ?month=2026-10 (a published month; the latest without it)
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "county.report");
  const month = new URL(request.url).searchParams.get("month");
  const file = await load(ctx.locale, () => countyReportXlsx(ctx, month));
  return xlsxDownload(file.body, file.fileName, file.ascii);
}
