import { translate, type MessageKey } from "~/i18n/messages";
import type { Ctx } from "../context.server";
import { fenToYuanString } from "../money";
import { excelText, toCsv } from "../sheets/csv.server";
import { writeXlsx } from "../sheets/xlsx.server";
import { savingsReport } from "./savings-report.server";

export type SavingsTable = "members" | "campaigns";

const MEMBER_COLUMNS: MessageKey[] = [
  "alliance.savings.col.store",
  "alliance.savings.col.village",
  "alliance.savings.col.campaigns",
  "alliance.savings.col.packs",
  "alliance.savings.col.spent",
  "alliance.savings.col.saved",
];
const CAMPAIGN_COLUMNS: MessageKey[] = [
  "alliance.savings.col.campaign",
  "alliance.savings.col.status",
  "alliance.savings.col.price",
  "alliance.savings.col.members",
  "alliance.savings.col.packs",
  "alliance.savings.col.spent",
  "alliance.savings.col.saved",
];

/** The rows of one savings table as the page shows them, money in yuan ("12.50"). */
function table(ctx: Ctx, which: SavingsTable) {
  const report = savingsReport(ctx);
  const t = (key: MessageKey) => translate(ctx.locale, key);
  if (which === "members") {
    const rows = report.byMember.map((m) => [
      m.storeName,
      m.village ?? "",
      m.campaigns,
      m.packs,
      fenToYuanString(m.spentFen),
      fenToYuanString(m.savingsFen),
    ]);
    rows.push([
      t("alliance.savings.total"),
      "",
      "",
      report.byMember.reduce((n, m) => n + m.packs, 0),
      fenToYuanString(report.totals.spentFen),
      fenToYuanString(report.totals.savingsFen),
    ]);
    return { header: MEMBER_COLUMNS.map(t), rows, text: [0, 1], money: [4, 5] };
  }
  const rows = report.byCampaign.map((c) => [
    c.title,
    t(`alliance.status.${c.status}` as MessageKey),
    c.finalPriceFen === null ? "" : fenToYuanString(c.finalPriceFen),
    c.members,
    c.packs,
    fenToYuanString(c.spentFen),
    fenToYuanString(c.savingsFen),
  ]);
  rows.push([
    t("alliance.savings.total"),
    "",
    "",
    "",
    report.totals.packs,
    fenToYuanString(report.totals.spentFen),
    fenToYuanString(report.totals.savingsFen),
  ]);
  return { header: CAMPAIGN_COLUMNS.map(t), rows, text: [0, 1], money: [2, 5, 6] };
}

export function fileNameOf(which: SavingsTable): MessageKey {
  return which === "members" ? "alliance.savings.fileMembers" : "alliance.savings.fileCampaigns";
}

export function savingsCsv(ctx: Ctx, which: SavingsTable): string {
  const { header, rows, text } = table(ctx, which);
  return toCsv([header, ...rows.map((r) => r.map((cell, i) => (text.includes(i) ? excelText(String(cell)) : cell)))]);
}

/** In XLSX, money is a number in yuan (formatted 0.00), so sums in Excel work. */
export function savingsXlsx(ctx: Ctx, which: SavingsTable): Promise<Uint8Array> {
  const { header, rows, money } = table(ctx, which);
  const typed = rows.map((r) => r.map((cell, i) => (money.includes(i) && cell !== "" ? Number(cell) : cell)));
  const formats = Object.fromEntries(money.map((i) => [i, "0.00"]));
  return writeXlsx(translate(ctx.locale, fileNameOf(which)), header, typed, formats);
}
