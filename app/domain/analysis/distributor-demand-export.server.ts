import { translate, type MessageKey } from "~/i18n/messages";
import type { Ctx } from "../context.server";
import { NotFound } from "../errors";
import { fenToYuanString } from "../money";
import { excelText, toCsv } from "../sheets/csv.server";
import { writeXlsx } from "../sheets/xlsx.server";
import { isDemandTable, percentOf, TOP_STORES, type DemandTable } from "./demand-tables";
import { distributorDemand } from "./distributor-demand.server";

// Each table of the distributor demand page as CSV and XLSX, computed by the same function as the
// page, so a download always matches what was on the screen.

type Kind = "text" | "int" | "money" | "percent";
type Cell = string | number | null;
export type DemandSheet = {
  title: string;
  fileBase: string;
  asciiBase: string;
  header: string[];
  kinds: Kind[];
  rows: Cell[][];
};

/** `table` and `weeks` come from the query string: an unknown table is a 404, unknown weeks the default. */
export function demandSheet(ctx: Ctx, tableParam: string | null, { weeks }: { weeks?: unknown } = {}): DemandSheet {
  if (!isDemandTable(tableParam)) throw new NotFound();
  const table: DemandTable = tableParam;
  const tr = (key: MessageKey, params?: Record<string, string | number>) => translate(ctx.locale, key, params);
  const v = distributorDemand(ctx, { weeks });
  const named = {
    title: tr(`demand.file.${table}`),
    fileBase: tr(`demand.file.${table}`),
    asciiBase: `demand-${table}`,
  };
  const cols = (...pairs: [string, Kind][]) => ({ header: pairs.map(([h]) => h), kinds: pairs.map(([, k]) => k) });
  const method = (m: string) => tr(`demand.method.${m}` as MessageKey);

  if (table === "skus") {
    return {
      ...named,
      ...cols(
        [tr("demand.col.sku"), "text"],
        [tr("demand.col.unit"), "text"],
        ...v.weeks.map((w): [string, Kind] => [w, "int"]),
        [tr("demand.col.total"), "int"],
        [tr("demand.col.value"), "money"],
        [tr("demand.col.fill"), "percent"],
        [tr("demand.col.nextOrdered"), "int"],
        [tr("demand.col.forecast"), "int"],
        [tr("demand.col.method"), "text"],
      ),
      rows: v.skus.map((s) => [
        s.name,
        s.packUnit ?? "",
        ...s.packs,
        s.totalPacks,
        s.valueFen,
        percentOf(s.shippedComplete, s.orderedComplete),
        s.nextWeekOrdered,
        s.forecastPacks,
        method(s.forecastMethod),
      ]),
    };
  }
  if (table === "weeks") {
    return {
      ...named,
      ...cols(
        [tr("demand.col.week"), "text"],
        [tr("demand.col.status"), "text"],
        [tr("demand.col.ordered"), "int"],
        [tr("demand.col.shipped"), "int"],
        [tr("demand.col.fill"), "percent"],
        [tr("demand.col.value"), "money"],
        [tr("demand.col.stores"), "int"],
        [tr("demand.col.delivered"), "int"],
        [tr("demand.col.onTime"), "percent"],
      ),
      rows: v.summaries.map((w) => [
        w.week,
        tr(w.complete ? "demand.complete" : "demand.inProgress"),
        w.ordered,
        w.shipped,
        w.complete ? percentOf(w.shipped, w.ordered) : null,
        w.valueFen,
        w.stores,
        w.delivered,
        percentOf(w.onTime, w.delivered),
      ]),
    };
  }
  if (table === "stores") {
    return {
      ...named,
      title: tr("demand.stores.title", { n: TOP_STORES }),
      ...cols(
        [tr("demand.col.store"), "text"],
        [tr("demand.col.village"), "text"],
        [tr("demand.col.orders"), "int"],
        [tr("demand.col.orderValue"), "money"],
        [tr("demand.col.lastWeek"), "text"],
      ),
      rows: v.topStores.map((s) => [s.name, s.village ?? "", s.orders, s.valueFen, s.lastWeek ?? ""]),
    };
  }
  return {
    ...named,
    ...cols(
      [tr("demand.col.store"), "text"],
      [tr("demand.col.village"), "text"],
      [tr("demand.col.ordersBefore"), "int"],
      [tr("demand.col.lastWeek"), "text"],
    ),
    rows: v.stoppedStores.map((s) => [s.name, s.village ?? "", s.ordersBefore, s.lastWeek ?? ""]),
  };
}

/** CSV: money as yuan with two decimals, percentages as "94%", text guarded against formulas. */
export function demandCsv(sheet: DemandSheet): string {
  const rows = sheet.rows.map((row) =>
    row.map((cell, i): string | number => {
      if (cell === null) return "";
      const kind = sheet.kinds[i];
      if (kind === "money") return fenToYuanString(cell as number);
      if (kind === "percent") return `${cell}%`;
      if (kind === "text") return excelText(String(cell));
      return cell;
    }),
  );
  return toCsv([sheet.header.map((h) => excelText(h)), ...rows]);
}

/** XLSX: money as numbers in yuan (0.00), percentages as fractions shown as 0%. */
export function demandXlsx(sheet: DemandSheet): Promise<Uint8Array> {
  const formats: Record<number, string> = {};
  sheet.kinds.forEach((k, i) => {
    if (k === "money") formats[i] = "0.00";
    if (k === "percent") formats[i] = "0%";
  });
  const rows = sheet.rows.map((row) =>
    row.map((cell, i): string | number => {
      if (cell === null) return "";
      const kind = sheet.kinds[i];
      if (kind === "money") return (cell as number) / 100;
      if (kind === "percent") return (cell as number) / 100;
      return cell;
    }),
  );
  // Sheet names are at most 31 characters and cannot contain : \ / ? * [ ].
  return writeXlsx(sheet.title.replace(/[:\\/?*[\]]/g, " ").slice(0, 31), sheet.header, rows, formats);
}
