import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOrgContext } from "~/auth/guard.server";
import { shanghaiDate } from "~/domain/dates";
import { comparisonXlsx } from "~/domain/negotiation/compare-export.server";
import { load } from "~/http/errors.server";
import { xlsxDownload } from "~/http/download.server";
import { translate } from "~/i18n/messages";

/** 报价比较-2026-11-29.xlsx: refused (409) while the quotes are sealed, like the page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "rfq.view");
  const body = await load(ctx.locale, () => comparisonXlsx(ctx, params.rfqId!));
  const date = shanghaiDate(ctx.clock.now());
  return xlsxDownload(body, `${translate(ctx.locale, "negotiation.compare")}-${date}.xlsx`, `quotes-${date}.xlsx`);
}
