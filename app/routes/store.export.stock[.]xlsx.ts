import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOrgContext } from "~/auth/guard.server";
import { analysisXlsx } from "~/domain/analysis/export-tables.server";
import { xlsxDownload } from "~/http/download.server";

/** The stock list as Excel, the same columns as stock.csv. */
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "product.view");
  const file = await analysisXlsx(ctx, "stock", { period: null });
  return xlsxDownload(file.body, file.fileName, file.ascii);
}
