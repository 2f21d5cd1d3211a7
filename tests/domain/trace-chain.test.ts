import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { lotTraceCodes, stockLots } from "@db/schema";
import { DomainError } from "~/domain/errors";
import { readXlsx } from "~/domain/sheets/xlsx.server";
import { exportLotChainXlsx } from "~/domain/trace/export-chain.server";
import { lotChain } from "~/domain/trace/lot-chain.server";
import { lotLabel } from "~/domain/trace/lot-label.server";
import { publicTrace } from "~/domain/trace/public-trace.server";
import { createTestDb } from "../support/db";
import { tracedWorld } from "../support/trace";

const testDb = createTestDb();
const db = testDb.db;
afterAll(() => testDb.close());

const lot = (orgId: string, batchNo: string) =>
  db
    .select()
    .from(stockLots)
    .where(and(eq(stockLots.orgId, orgId), eq(stockLots.batchNo, batchNo)))
    .get()!;

function statusOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error.status;
    throw error;
  }
  throw new Error("expected a domain error");
}

describe("a lot's chain both ways", () => {
  it("a store lot: supplier → batch → campaign → warehouse lot → run → receipt, and down to its own sales", async () => {
    const w = await tracedWorld(db);
    const chain = lotChain(w.a.ctx, lot(w.a.org.id, "JLY-2401").id);
    expect(chain.up.map((r) => r.step)).toEqual([
      "supplier",
      "campaign",
      "supplierOrder",
      "supplierBatch",
      "warehouseReceipt",
      "warehouseLot",
      "run",
      "storeReceipt",
    ]);
    expect(chain.up.find((r) => r.step === "supplierBatch")).toMatchObject({
      batchNo: "JLY-2401",
      date: "2029-12-01",
      expiryDate: "2030-06-30",
    });
    expect(chain.up.find((r) => r.step === "storeReceipt")).toMatchObject({ qty: 24, who: w.a.org.name });
    // 30 sold first-expiring-first: all 24 of this lot, then 6 of the later one.
    expect(chain.down).toMatchObject([{ step: "sales", qty: 24 }]);
    expect(lotChain(w.a.ctx, lot(w.a.org.id, "OLD-1").id).down).toMatchObject([{ step: "sales", qty: 6 }]);
  });

  it("the distributor sees its lot's origin and which stores received how much, never their sales", async () => {
    const w = await tracedWorld(db);
    const old = lotChain(w.dist, lot(w.dist.org.id, "OLD-1").id);
    expect(old.up).toEqual([]);
    const received = old.down.filter((r) => r.step === "storeLot").map((r) => [r.who, r.qty]);
    expect(received.sort()).toEqual(
      [
        [w.a.org.name, 12],
        [w.b.org.name, 12],
      ].sort(),
    );
    expect(old.down.some((r) => r.step === "sales")).toBe(false);
    expect(old.salesHidden).toBe(true);
    const jly = lotChain(w.dist, lot(w.dist.org.id, "JLY-2401").id);
    expect(jly.up.map((r) => r.step)).toContain("supplierBatch");
  });

  it("a store never sees another store's lot or name; an unknown lot is a 404", async () => {
    const w = await tracedWorld(db);
    expect(statusOf(() => lotChain(w.b.ctx, lot(w.a.org.id, "JLY-2401").id))).toBe(404);
    expect(statusOf(() => lotChain(w.a.ctx, lot(w.dist.org.id, "OLD-1").id))).toBe(404);
    const chain = lotChain(w.a.ctx, lot(w.a.org.id, "OLD-1").id);
    expect(JSON.stringify(chain)).not.toContain(w.b.org.name);
    expect(statusOf(() => lotChain(w.alliance.ctx, lot(w.a.org.id, "OLD-1").id))).toBe(403);
  });

  it("exports the chain as a spreadsheet: the rows of the page, with the lot itself", async () => {
    const w = await tracedWorld(db);
    const id = lot(w.a.org.id, "JLY-2401").id;
    const chain = lotChain(w.a.ctx, id);
    const table = await readXlsx(await exportLotChainXlsx(w.a.ctx, id), 1000);
    expect(table[0]).toEqual(["环节", "日期", "机构", "内容", "批号", "保质期", "数量", "单位", "单据", "证书编号"]);
    expect(table.length).toBe(1 + chain.up.length + 1 + chain.down.length);
    expect(table.some((row) => row[4] === "JLY-2401" && row[0] === "供应商批次")).toBe(true);
    expect(statusOf(() => lotChain(w.b.ctx, id))).toBe(404);
  });

  it("the public trace of a label's code: origin, dates, no names, no ids", async () => {
    const w = await tracedWorld(db);
    const id = lot(w.a.org.id, "JLY-2401").id;
    const label = lotLabel(w.a.ctx, id, "https://trace.example");
    expect(lotLabel(w.a.ctx, id, "https://trace.example").code).toBe(label.code);
    expect(db.select().from(lotTraceCodes).where(eq(lotTraceCodes.lotId, id)).all()).toHaveLength(1);
    expect(label.url).toMatch(/^https:\/\/trace\.example\/01\/\d{14}\/10\/[0-9A-Z]{10}\?17=300630$/);
    expect(label.qrSvg).toMatch(/^<svg/);
    const trace = publicTrace(db, label.code);
    expect(trace).toMatchObject({ batchNo: "JLY-2401", expiryDate: "2030-06-30", producedDate: "2029-12-01" });
    expect(trace.steps.map((s) => s.step)).toEqual(["supplier", "warehouse", "store"]);
    expect(trace.steps.at(-1)!.place).toContain("第1村");
    const text = JSON.stringify(trace);
    for (const secret of [id, w.a.org.id, w.a.org.name, w.a.user.name, w.a.user.phone, "赊账客户王大妈"])
      expect(text).not.toContain(secret);
    // The GS1 path must carry the product's own GTIN.
    expect(statusOf(() => publicTrace(db, label.code, "00000000000000"))).toBe(404);
    expect(statusOf(() => publicTrace(db, "NOSUCHCODE"))).toBe(404);
  });
});
