import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOrgContext } from "~/auth/guard.server";
import { shanghaiDate } from "~/domain/dates";
import { exportCatalogXlsx } from "~/domain/distribution/export-catalog.server";
import { xlsxDownload } from "~/http/download.server";
import { translate } from "~/i18n/messages";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "catalog.view");
  const date = shanghaiDate(ctx.clock.now());
  const name = `${translate(ctx.locale, "catalogImport.exportFilename")}-${date}.xlsx`;
  return xlsxDownload(await exportCatalogXlsx(ctx), name, `catalog-${date}.xlsx`);
}
