import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOrgContext } from "~/auth/guard.server";
import { shanghaiDate } from "~/domain/dates";
import { exportCatalogCsv } from "~/domain/distribution/export-catalog.server";
import { csvDownload } from "~/http/download.server";
import { translate } from "~/i18n/messages";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "catalog.view");
  const date = shanghaiDate(ctx.clock.now());
  return csvDownload(
    exportCatalogCsv(ctx),
    `${translate(ctx.locale, "catalogImport.exportFilename")}-${date}.csv`,
    `catalog-${date}.csv`,
  );
}
