import type { Ctx } from "../context.server";
import { translate } from "~/i18n/messages";
import { writeXlsx } from "../sheets/xlsx.server";
import { OTHER_CATEGORY } from "./categories";
import { countyReport, type Figure, type Health } from "./figures.server";

// The monthly report as a spreadsheet: the same protected figures as the page, hidden cells
// carry the same labels ("<5 家", 保密), never a zero.

type Kind = "index" | "permille" | "money" | "tenths" | "count";
const ROWS: { key: keyof Health; label: Parameters<typeof translate>[1]; kind: Kind }[] = [
  { key: "salesIndex", label: "county.health.salesIndex", kind: "index" },
  { key: "creditShare", label: "county.health.creditShare", kind: "permille" },
  { key: "stockoutRate", label: "county.health.stockoutRate", kind: "permille" },
  { key: "basketIndex", label: "county.health.basketIndex", kind: "index" },
  { key: "restockFen", label: "county.health.restock", kind: "money" },
  { key: "deliveriesPerWeek", label: "county.net.perWeek", kind: "tenths" },
  { key: "onTimeRate", label: "county.net.onTime", kind: "permille" },
  { key: "fillRate", label: "county.net.fill", kind: "permille" },
  { key: "stoppedStores", label: "county.net.stopped", kind: "count" },
  { key: "savedFen", label: "county.campaign.saved", kind: "money" },
];

export async function countyReportXlsx(ctx: Ctx, month: string | null) {
  const report = countyReport(ctx, month);
  const tr = (k: Parameters<typeof translate>[1], p?: Record<string, string | number>) => translate(ctx.locale, k, p);
  const cell = (f: Figure, kind: Kind): string | number => {
    if (f.state === "few") return tr("county.label.few", { min: report.minStores });
    if (f.state === "confidential") return tr("county.label.confidential");
    if (f.state === "none") return tr("county.label.none");
    if (f.state !== "shown") return "";
    return kind === "money" ? f.value / 100 : kind === "permille" || kind === "tenths" ? f.value / 10 : f.value;
  };
  const header = [
    tr("county.counts.township"),
    tr("county.report.figure"),
    `${tr("county.report.now")} ${report.month}`,
    `${tr("county.report.before")} ${report.previous}`,
  ];
  const rows: (string | number)[][] = [
    [tr("county.counts.total"), tr("county.report.stores"), report.stores.now, report.stores.before],
  ];
  for (const line of [
    { name: tr("county.counts.total"), now: report.county.now, before: report.county.before },
    ...report.townships,
  ]) {
    for (const r of ROWS)
      rows.push([line.name, tr(r.label), cell(line.now[r.key], r.kind), cell(line.before[r.key], r.kind)]);
  }
  // Restock by category, each place's row beside the month before.
  report.goods.now.rows.forEach((row, i) => {
    const name = row.place === "county" ? tr("county.counts.total") : row.name;
    report.goods.now.categories.forEach((category, k) => {
      const label =
        category === OTHER_CATEGORY
          ? tr("county.goods.other")
          : category === ""
            ? tr("county.goods.uncategorised")
            : category;
      rows.push([
        name,
        `${tr("county.health.restock")}：${label}`,
        cell(row.values[k], "money"),
        cell(report.goods.before.rows[i].values[k], "money"),
      ]);
    });
  });
  const body = await writeXlsx(tr("county.report.sheet"), header, rows);
  return {
    body,
    fileName: `${report.countyName}商贸月报-${report.month}.xlsx`,
    ascii: `county-report-${report.month}.xlsx`,
  };
}
