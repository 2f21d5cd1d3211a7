import type { Ctx } from "../context.server";
import { requirePermission } from "../permission-check.server";
import { translate, type MessageKey } from "~/i18n/messages";
import { writeXlsx } from "../sheets/xlsx.server";
import type { ChainRow } from "./chain-types";
import { lotChain } from "./lot-chain.server";

// The authorities' spreadsheet (市场监管, 农业农村; FSMA 204 asks for one within 24 hours): a
// lot's whole chain as the holder sees it, one row per step, with a filter row to sort by.

const COLUMNS = [
  "trace.sheet.step",
  "trace.sheet.date",
  "trace.sheet.who",
  "trace.sheet.what",
  "trace.sheet.batch",
  "trace.sheet.expiry",
  "trace.sheet.qty",
  "trace.sheet.unit",
  "trace.sheet.document",
  "trace.sheet.certificate",
] as const satisfies readonly MessageKey[];

export async function exportLotChainXlsx(ctx: Ctx, lotId: string): Promise<Uint8Array> {
  requirePermission(ctx, "trace.export");
  const chain = lotChain(ctx, lotId);
  const self: ChainRow = {
    side: "lot",
    step: ctx.org.kind === "distributor" ? "warehouseLot" : "storeLot",
    date: "",
    who: chain.holder.name,
    what: chain.lot.product,
    batchNo: chain.lot.batchNo,
    expiryDate: chain.lot.expiryDate,
    qty: chain.lot.onHand,
    unit: chain.lot.unit,
    document: "",
    certificate: "",
    link: null,
  };
  const rows = [...chain.up, self, ...chain.down].map((r) => [
    translate(ctx.locale, `trace.step.${r.step}`),
    r.date,
    r.who,
    r.what,
    r.batchNo,
    r.expiryDate,
    r.qty ?? "",
    r.unit,
    r.document,
    r.certificate,
  ]);
  const header = COLUMNS.map((k) => translate(ctx.locale, k));
  return writeXlsx(translate(ctx.locale, "trace.sheet.title"), header, rows, { 4: "@", 9: "@" }, { filter: true });
}
