import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOrgContext } from "~/auth/guard.server";
import { catalogTemplateCsv } from "~/domain/distribution/export-catalog.server";
import { csvDownload } from "~/http/download.server";
import { translate } from "~/i18n/messages";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "catalog.import");
  return csvDownload(
    catalogTemplateCsv(),
    `${translate(ctx.locale, "catalogImport.templateFilename")}.csv`,
    "catalog-template.csv",
  );
}
