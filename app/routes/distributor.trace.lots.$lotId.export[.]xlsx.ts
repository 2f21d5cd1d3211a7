import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOrgContext } from "~/auth/guard.server";
import { shanghaiDate } from "~/domain/dates";
import { exportLotChainXlsx } from "~/domain/trace/export-chain.server";
import { load } from "~/http/errors.server";
import { xlsxDownload } from "~/http/download.server";
import { translate } from "~/i18n/messages";

/** The authorities' one-click spreadsheet of a lot's whole chain (decision 040). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "trace.export");
  const body = await load(ctx.locale, () => exportLotChainXlsx(ctx, params.lotId ?? ""));
  const date = shanghaiDate(ctx.clock.now());
  return xlsxDownload(body, `${translate(ctx.locale, "trace.sheet.title")}-${date}.xlsx`, `lot-trace-${date}.xlsx`);
}
