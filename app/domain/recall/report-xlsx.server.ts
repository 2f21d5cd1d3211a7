import ExcelJS from "exceljs";
import type { Ctx } from "../context.server";
import { shanghaiParts } from "../dates";
import { translate, type MessageKey } from "~/i18n/messages";
import { recallReport } from "./report.server";

/**
 * The recall report as a workbook (decision 041): where every unit is, per lot; what was sold,
 * by day and credit customer; each store's confirmation; the who/why log. Sortable sheets, one
 * header row each, numbers as numbers.
 */
export async function recallReportXlsx(ctx: Ctx, recallId: string): Promise<Uint8Array> {
  const report = recallReport(ctx, recallId);
  const t = (key: MessageKey, params?: Record<string, string | number>) => translate(ctx.locale, key, params);
  const when = (ms: number | null) => (ms === null ? "" : `${shanghaiParts(ms).date} ${shanghaiParts(ms).time}`);
  const book = new ExcelJS.Workbook();
  const sheet = (name: string, header: MessageKey[], rows: (string | number | null)[][]) => {
    const s = book.addWorksheet(name);
    s.addRow(header.map((h) => t(h))).font = { bold: true };
    for (const row of rows) s.addRow(row.map((v) => v ?? ""));
    header.forEach((_, i) => (s.getColumn(i + 1).width = 16));
    s.views = [{ state: "frozen", ySplit: 1 }];
  };
  sheet(
    t("recall.where"),
    [
      "recall.col.holder",
      "recall.col.product",
      "recall.col.batch",
      "recall.col.received",
      "recall.col.inStock",
      "recall.col.sold",
      "recall.col.returned",
      "recall.col.destroyed",
      "recall.col.other",
    ],
    report.lots.map((l) => [
      l.holderKind === "store" ? l.holder : `${l.holder}（${t("recall.warehouse")}）`,
      l.name,
      [l.batchNo, l.expiryDate].filter(Boolean).join(" · "),
      l.received,
      l.inStock,
      l.sold,
      l.returned,
      l.destroyed,
      l.other,
    ]),
  );
  sheet(
    t("recall.col.sold"),
    ["recall.col.store", "recall.col.day", "recall.col.customer", "recall.col.units", "recall.afterFlag"],
    report.sold.map((s) => [s.holder, s.day, s.customer, s.units, s.afterFlag && s.offline ? "✓" : ""]),
  );
  // What drivers took back on runs and what the warehouse did with it (decision 046).
  sheet(
    t("recall.sheet.backOnRuns"),
    ["recall.col.pickedUp", "recall.run.outcome.quarantined", "recall.run.outcome.destroyed", "recall.run.awaiting"],
    [
      [
        report.backOnRuns.pickedUp,
        report.backOnRuns.quarantined,
        report.backOnRuns.destroyed,
        report.backOnRuns.awaiting,
      ],
    ],
  );
  sheet(
    t("recall.storesTitle"),
    ["recall.col.store", "recall.col.confirmedAt", "recall.col.minutes"],
    report.stores.map((s) => [s.store, when(s.confirmedAt), s.minutes]),
  );
  sheet(
    t("recall.log"),
    ["recall.col.when", "recall.col.who", "recall.col.what", "recall.col.why"],
    report.events.map((e) => [
      when(e.at),
      `${e.org} · ${e.actor ?? ""}`,
      t(`recall.event.${e.kind}`, { qty: e.qty }),
      e.note,
    ]),
  );
  return new Uint8Array(await book.xlsx.writeBuffer());
}
