import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOrgContext } from "~/auth/guard.server";
import { fileNameOf, savingsCsv, savingsXlsx } from "~/domain/alliances/savings-export.server";
import { shanghaiDate } from "~/domain/dates";
import { csvDownload, xlsxDownload } from "~/http/download.server";
import { translate } from "~/i18n/messages";

/** ?table=members|campaigns&format=csv|xlsx, named in the user's language (联盟节省-按成员-2026-11-29.csv). */
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "savings.view");
  const url = new URL(request.url);
  const table = url.searchParams.get("table") === "campaigns" ? "campaigns" : "members";
  const format = url.searchParams.get("format") === "xlsx" ? "xlsx" : "csv";
  const date = shanghaiDate(ctx.clock.now());
  const name = `${translate(ctx.locale, fileNameOf(table))}-${date}.${format}`;
  const ascii = `alliance-savings-${table}-${date}.${format}`;
  return format === "csv"
    ? csvDownload(savingsCsv(ctx, table), name, ascii)
    : xlsxDownload(await savingsXlsx(ctx, table), name, ascii);
}
