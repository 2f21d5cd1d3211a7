import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOrgContext } from "~/auth/guard.server";
import { templateCsv } from "~/domain/inventory/product-csv.server";
import { csvDownload } from "~/http/download.server";
import { translate } from "~/i18n/messages";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "product.import");
  return csvDownload(templateCsv(), `${translate(ctx.locale, "import.templateFilename")}.csv`, "products-template.csv");
}
