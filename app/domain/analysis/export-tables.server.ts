import { sql } from "drizzle-orm";
import { translate, type MessageKey } from "~/i18n/messages";
import type { Ctx } from "../context.server";
import { addDays, isValidDate, shanghaiDate, shanghaiDayStart } from "../dates";
import { Forbidden, NotFound } from "../errors";
import { CSV_COLUMNS } from "../inventory/product-csv.server";
import { fenToYuanString } from "../money";
import { excelCode, excelText, toCsv } from "../sheets/csv.server";
import { writeXlsx } from "../sheets/xlsx.server";
import { periodRange, storeDashboard } from "./dashboard.server";
import { isExportTable, isPeriod, OWNER_ONLY_TABLES, type ExportTable, type Period } from "./periods";
import { may } from "../permission-check.server";

// Every table the dashboard shows, and the sales list, as CSV and XLSX. The figures come from the
// same functions as the page, so a download always matches what the shopkeeper saw.

type Kind = "text" | "code" | "int" | "money" | "decimal" | "date";
type Column = { key: MessageKey | string; kind: Kind };
type Sheet = {
  title: string;
  fileBase: string;
  asciiBase: string;
  columns: Column[];
  rows: (string | number | null)[][];
};

const c = (key: MessageKey, kind: Kind): Column => ({ key, kind });

/** Shanghai wall-clock time "2026-11-29 08:05" of an instant. */
const stamp = new Intl.DateTimeFormat("sv-SE", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

function salesRows(ctx: Ctx, from: string, to: string) {
  const start = shanghaiDayStart(from);
  const end = shanghaiDayStart(addDays(to, 1));
  return ctx.db.all<{
    createdAt: number;
    tender: string;
    items: number;
    totalFen: number;
    refundedFen: number;
    status: string;
    customer: string | null;
  }>(sql`
    select s.created_at as createdAt, s.tender, s.total_fen as totalFen, s.status, c.name as customer,
      coalesce((select sum(l.qty) from sale_lines l where l.sale_id = s.id and l.org_id = s.org_id), 0) as items,
      coalesce((select sum(r.refund_fen) from sale_reversals r where r.sale_id = s.id and r.org_id = s.org_id), 0) as refundedFen
    from sales s left join customers c on c.id = s.customer_id and c.org_id = s.org_id
    where s.org_id = ${ctx.org.id} and s.created_at >= ${start} and s.created_at < ${end}
    order by s.created_at, s.id`);
}

/** `table` and `period` come from the query string: an unknown table is a 404, a bad period means 7 days. */
export function analysisSheet(
  ctx: Ctx,
  tableParam: string | null,
  { period: periodParam, date }: { period: string | null; date?: string | null },
): Sheet {
  const now = ctx.clock.now();
  if (!isExportTable(tableParam)) throw new NotFound("analysis.error.table");
  const table: ExportTable = tableParam;
  const period: Period = isPeriod(periodParam) ? periodParam : "7d";
  if (OWNER_ONLY_TABLES.includes(table) && !may(ctx, "analysis.cost")) throw new Forbidden();
  const tr = (key: MessageKey, params?: Record<string, string | number>) => translate(ctx.locale, key, params);
  const today = shanghaiDate(now);
  const periodLabel = tr(`analysis.period.${period}` as MessageKey);
  const named = (file: MessageKey, ascii: string, byPeriod: boolean) => ({
    title: tr(file),
    fileBase: `${tr(file)}-${byPeriod ? periodLabel : today}`,
    asciiBase: `${ascii}-${byPeriod ? period : today}`,
  });
  if (table === "sales") {
    // One day of the sales list (?date=, as /store/sales shows it) or the dashboard's period.
    const day = date && isValidDate(date) ? date : null;
    const range = day ? { from: day, to: day } : periodRange(period, now);
    const rows = salesRows(ctx, range.from, range.to);
    const file = named("analysis.file.sales", "sales", true);
    return {
      ...file,
      ...(day ? { fileBase: `${file.title}-${day}`, asciiBase: `sales-${day}` } : {}),
      columns: [
        c("analysis.col.time", "text"),
        c("analysis.col.tender", "text"),
        c("analysis.col.items", "int"),
        c("analysis.col.total", "money"),
        c("analysis.col.refunded", "money"),
        c("analysis.col.net", "money"),
        c("analysis.col.status", "text"),
        c("analysis.col.customer", "text"),
      ],
      rows: rows.map((s) => [
        stamp.format(s.createdAt),
        tr(`tender.${s.tender}` as MessageKey),
        s.items,
        s.totalFen,
        s.refundedFen,
        s.status === "completed" ? s.totalFen - s.refundedFen : 0,
        tr(`analysis.status.${s.status}` as MessageKey),
        s.customer ?? "",
      ]),
    };
  }
  if (table === "stock") {
    const rows = ctx.db.all<{
      name: string;
      barcode: string | null;
      category: string;
      baseUnit: string;
      packUnit: string | null;
      packSize: number;
      priceFen: number;
      costFen: number;
      reorderPoint: number;
      onHand: number;
      nextExpiry: string | null;
    }>(sql`
      select p.name, p.barcode, p.category, p.base_unit as baseUnit, p.pack_unit as packUnit, p.pack_size as packSize,
        p.price_fen as priceFen, p.cost_fen as costFen, p.reorder_point as reorderPoint, p.on_hand as onHand,
        (select min(l.expiry_date) from stock_lots l where l.product_id = p.id and l.org_id = p.org_id and l.on_hand > 0 and l.expiry_date != '') as nextExpiry
      from products p where p.org_id = ${ctx.org.id} order by p.category, p.pinyin, p.id`);
    const kinds: Kind[] = [
      "text",
      "code",
      "text",
      "text",
      "text",
      "int",
      "money",
      "money",
      "int",
      "int",
      "money",
      "date",
    ];
    return {
      ...named("analysis.file.stock", "stock", false),
      columns: CSV_COLUMNS.map((col, i) => ({ key: col.zh, kind: kinds[i] })),
      rows: rows.map((p) => [
        p.name,
        p.barcode,
        p.category,
        p.baseUnit,
        p.packUnit,
        p.packSize,
        p.priceFen,
        p.costFen,
        p.reorderPoint,
        p.onHand,
        Math.max(p.onHand, 0) * p.costFen,
        p.nextExpiry,
      ]),
    };
  }
  const d = storeDashboard(ctx, { period });
  const own = d.withCost;
  switch (table) {
    case "sellers":
    case "earners": {
      const list = table === "sellers" ? d.allSellers : d.allEarners;
      return {
        ...named(`analysis.file.${table}`, table === "sellers" ? "top-sellers" : "top-earners", true),
        columns: [
          c("analysis.col.product", "text"),
          c("analysis.col.unit", "text"),
          c("analysis.col.qty", "int"),
          c("analysis.col.takings", "money"),
          ...(own ? [c("analysis.col.profit", "money")] : []),
        ],
        rows: list.map((r) => [r.name, r.baseUnit, r.qty, r.takingsFen, ...(own ? [r.profitFen] : [])]),
      };
    }
    case "slow":
      return {
        ...named("analysis.file.slow", "slow-movers", false),
        columns: [
          c("analysis.col.product", "text"),
          c("analysis.col.unit", "text"),
          c("analysis.col.onHand", "int"),
          c("analysis.col.lastSale", "date"),
          ...(own ? [c("analysis.col.tiedUp", "money")] : []),
        ],
        rows: d.slowMovers.map((r) => [r.name, r.baseUnit, r.onHand, r.lastSaleDay, ...(own ? [r.tiedUpFen] : [])]),
      };
    case "runouts":
      return {
        ...named("analysis.file.runouts", "run-outs", false),
        columns: [
          c("analysis.col.product", "text"),
          c("analysis.col.unit", "text"),
          c("analysis.col.onHand", "int"),
          c("analysis.col.incoming", "int"),
          c("analysis.col.units28", "int"),
          c("analysis.col.cover", "decimal"),
        ],
        rows: d.runouts.map((r) => [r.name, r.baseUnit, r.onHand, r.incoming, r.unitsPer28, r.coverTenths]),
      };
    case "expiring":
      return {
        ...named("analysis.file.expiring", "expiring", false),
        columns: [
          c("analysis.col.product", "text"),
          c("analysis.col.batch", "text"),
          c("analysis.col.expiry", "date"),
          c("analysis.col.daysLeft", "int"),
          c("analysis.col.onHand", "int"),
          c("analysis.col.unit", "text"),
          ...(own ? [c("analysis.col.value", "money")] : []),
        ],
        rows: d.expiring.map((r) => [
          r.name,
          r.batchNo,
          r.expiryDate,
          r.daysLeft,
          r.onHand,
          r.baseUnit,
          ...(own ? [r.valueFen] : []),
        ]),
      };
    case "credit":
      return {
        ...named("analysis.file.credit", "credit", false),
        columns: [
          c("analysis.col.customer", "text"),
          c("analysis.col.phone", "code"),
          c("analysis.col.owed", "money"),
          c("analysis.col.owingSince", "date"),
        ],
        rows: d.credit.owing.map((r) => [
          r.name,
          r.phone,
          r.balanceFen,
          r.owingSince === null ? null : shanghaiDate(r.owingSince),
        ]),
      };
  }
}

const header = (ctx: Ctx, sheet: Sheet) =>
  sheet.columns.map((col) => (col.key.includes(".") ? translate(ctx.locale, col.key as MessageKey) : col.key));

/** CSV as Excel on Chinese Windows opens it: yuan as "12.50", codes as ="…", text guarded. */
export function analysisCsv(ctx: Ctx, table: string | null, options: { period: string | null; date?: string | null }) {
  const sheet = analysisSheet(ctx, table, options);
  const rows = sheet.rows.map((row) =>
    row.map((v, i) => {
      if (v === null) return "";
      switch (sheet.columns[i].kind) {
        case "money":
          return fenToYuanString(Number(v));
        case "decimal":
          return (Number(v) / 10).toFixed(1);
        case "code":
          return excelCode(String(v));
        case "text":
          return excelText(String(v));
        default:
          return v;
      }
    }),
  );
  return {
    body: toCsv([header(ctx, sheet), ...rows]),
    fileName: `${sheet.fileBase}.csv`,
    ascii: `${sheet.asciiBase}.csv`,
  };
}

/** XLSX: yuan and days as numbers (so sums work in Excel), codes as text. */
export async function analysisXlsx(
  ctx: Ctx,
  table: string | null,
  options: { period: string | null; date?: string | null },
) {
  const sheet = analysisSheet(ctx, table, options);
  const rows = sheet.rows.map((row) =>
    row.map((v, i) => {
      if (v === null) return "";
      switch (sheet.columns[i].kind) {
        case "money":
          return Number(v) / 100;
        case "decimal":
          return Number(v) / 10;
        default:
          return v;
      }
    }),
  );
  const formats: Record<number, string> = {};
  sheet.columns.forEach((col, i) => {
    if (col.kind === "money") formats[i] = "0.00";
    if (col.kind === "decimal") formats[i] = "0.0";
    if (col.kind === "code") formats[i] = "@";
  });
  const body = await writeXlsx(sheet.title.slice(0, 31), header(ctx, sheet), rows, formats);
  return { body, fileName: `${sheet.fileBase}.xlsx`, ascii: `${sheet.asciiBase}.xlsx` };
}
