import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOrgContext } from "~/auth/guard.server";
import { shanghaiDate } from "~/domain/dates";
import { recallReportXlsx } from "~/domain/recall/report-xlsx.server";
import { load } from "~/http/errors.server";
import { xlsxDownload } from "~/http/download.server";
import { translate } from "~/i18n/messages";

/** 召回报告-2026-12-05.xlsx (decision 041). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "recall.view");
  const body = await load(ctx.locale, () => recallReportXlsx(ctx, params.recallId!));
  const date = shanghaiDate(ctx.clock.now());
  return xlsxDownload(body, `${translate(ctx.locale, "recall.sheet")}-${date}.xlsx`, `recall-${date}.xlsx`);
}
