import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOrgContext } from "~/auth/guard.server";
import { shanghaiDate } from "~/domain/dates";
import { exportStockCsv } from "~/domain/inventory/export-stock.server";
import { csvDownload } from "~/http/download.server";
import { translate } from "~/i18n/messages";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "product.view");
  const date = shanghaiDate(ctx.clock.now());
  return csvDownload(
    exportStockCsv(ctx),
    `${translate(ctx.locale, "export.filename")}-${date}.csv`,
    `stock-${date}.csv`,
  );
}
