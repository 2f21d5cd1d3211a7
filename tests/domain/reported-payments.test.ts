import { afterAll, describe, expect, it } from "vitest";
import { accountEntries } from "../../db/schema";
import { shanghaiDate, addDays } from "~/domain/dates";
import { DomainError, Forbidden } from "~/domain/errors";
import { newId } from "~/domain/ids.server";
import { accountOf } from "~/domain/restock/account.server";
import {
  confirmReportedPayment,
  rejectReportedPayment,
  reportedPaymentsOf,
  reportPayment,
  reportPaymentSchema,
} from "~/domain/restock/reported-payments.server";
import { translate } from "~/i18n/messages";
import { createTestDb } from "../support/db";
import { addStaff, linkStore, makeDistributor, makeRoute } from "../support/distribution";
import { makeStore } from "../support/factories";
import { dbSnapshot } from "../support/snapshot";

const testDb = createTestDb();
const db = testDb.db;
afterAll(() => testDb.close());

async function owingPair(owedFen: number) {
  const dist = await makeDistributor(db);
  const store = await makeStore(db);
  const route = makeRoute(dist.ctx);
  linkStore(store.ctx, dist.ctx, { routeId: route.id, paymentTerms: "account", creditLimitFen: 800_000 });
  // What the store was charged for a delivery (as deliverStop books it).
  db.insert(accountEntries)
    .values({
      id: newId(),
      distributorOrgId: dist.org.id,
      storeOrgId: store.org.id,
      kind: "order",
      amountFen: owedFen,
      createdAt: dist.ctx.clock.now(),
    })
    .run();
  return { dist, store };
}

// The pinned clock's calendar day, read from the store's context once a test has one.
let makeNow = () => 0;
const today = () => shanghaiDate(makeNow());

function report(distributorOrgId: string, fields: Record<string, string> = {}) {
  return reportPaymentSchema.parse({
    requestId: newId(),
    distributorOrgId,
    amountFen: "3000.00",
    method: "bank",
    paidOn: today(),
    reference: "工行 6222…0417",
    ...fields,
  });
}

function refusedWithoutWriting(fn: () => unknown): DomainError {
  const before = dbSnapshot(db);
  try {
    fn();
  } catch (error) {
    expect(dbSnapshot(db)).toEqual(before);
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("a payment the store reports", () => {
  it("does not count until the distributor confirms it; confirming books one payment entry", async () => {
    const { dist, store } = await owingPair(1_131_950);
    makeNow = () => store.ctx.clock.now();
    const input = report(dist.org.id);
    const { reportId } = reportPayment(store.ctx, input);
    expect(accountOf(store.ctx, dist.org.id).balanceFen).toBe(1_131_950);
    expect(reportedPaymentsOf(store.ctx, dist.org.id)).toMatchObject([{ id: reportId, status: "pending" }]);
    // The same form sent twice is one report.
    expect(reportPayment(store.ctx, input)).toEqual({ reportId });
    expect(reportedPaymentsOf(dist.ctx, store.org.id)).toHaveLength(1);

    const decision = { requestId: newId(), reportId };
    const { entryId } = confirmReportedPayment(dist.ctx, decision);
    expect(confirmReportedPayment(dist.ctx, decision)).toEqual({ reportId, entryId });
    const account = accountOf(store.ctx, dist.org.id);
    expect(account.balanceFen).toBe(1_131_950 - 300_000);
    expect(account.entries.filter((e) => e.kind === "payment")).toMatchObject([
      { id: entryId, amountFen: -300_000, method: "bank", note: `${input.paidOn} · 工行 6222…0417` },
    ]);
    expect(reportedPaymentsOf(store.ctx, dist.org.id)).toMatchObject([{ status: "confirmed" }]);
    // Decided once: a second decision is refused.
    expect(
      refusedWithoutWriting(() => rejectReportedPayment(dist.ctx, { requestId: newId(), reportId, reason: "没收到" })),
    ).toMatchObject({ status: 409, key: "accounts.report.alreadyDecided" });
  });

  it("a transfer the office confirms is booked in full even when a credit landed after it was sent: the excess is the store's credit", async () => {
    const { dist, store } = await owingPair(300_000);
    makeNow = () => store.ctx.clock.now();
    const { reportId } = reportPayment(store.ctx, report(dist.org.id)); // ¥3,000.00: all it owed
    // That afternoon a claim on a delivery is credited: the store now owes ¥2,898.30.
    db.insert(accountEntries)
      .values({
        id: newId(),
        distributorOrgId: dist.org.id,
        storeOrgId: store.org.id,
        kind: "credit_note",
        amountFen: -10_170,
        createdAt: dist.ctx.clock.now(),
      })
      .run();
    confirmReportedPayment(dist.ctx, { requestId: newId(), reportId });
    expect(accountOf(store.ctx, dist.org.id).balanceFen).toBe(-10_170);
    expect(reportedPaymentsOf(store.ctx, dist.org.id)).toMatchObject([{ status: "confirmed" }]);
  });

  it("a rejected report changes nothing on the account and tells the store why", async () => {
    const { dist, store } = await owingPair(500_000);
    makeNow = () => store.ctx.clock.now();
    const { reportId } = reportPayment(store.ctx, report(dist.org.id, { method: "cash", amountFen: "800" }));
    const before = accountOf(store.ctx, dist.org.id).entries;
    rejectReportedPayment(dist.ctx, { requestId: newId(), reportId, reason: "司机没收到这笔现金" });
    expect(accountOf(store.ctx, dist.org.id).entries).toEqual(before);
    expect(reportedPaymentsOf(store.ctx, dist.org.id)).toMatchObject([
      { status: "rejected", rejectReason: "司机没收到这笔现金" },
    ]);
  });

  it("a store cannot confirm its own report, a clerk cannot report, another distributor sees nothing", async () => {
    const { dist, store } = await owingPair(500_000);
    makeNow = () => store.ctx.clock.now();
    const { reportId } = reportPayment(store.ctx, report(dist.org.id));
    expect(
      refusedWithoutWriting(() => confirmReportedPayment(store.ctx, { requestId: newId(), reportId })),
    ).toBeInstanceOf(Forbidden);
    const clerk = await addStaff(db, store.org, "clerk");
    expect(refusedWithoutWriting(() => reportPayment(clerk.ctx, report(dist.org.id)))).toBeInstanceOf(Forbidden);
    const warehouse = await addStaff(db, dist.org, "warehouse");
    expect(
      refusedWithoutWriting(() => confirmReportedPayment(warehouse.ctx, { requestId: newId(), reportId })),
    ).toBeInstanceOf(Forbidden);
    const other = await makeDistributor(db);
    expect(
      refusedWithoutWriting(() => confirmReportedPayment(other.ctx, { requestId: newId(), reportId })).status,
    ).toBe(404);
    // A distributor the store has no account with: not found.
    expect(refusedWithoutWriting(() => reportPayment(store.ctx, report(other.org.id))).status).toBe(404);
  });

  it("refuses bad input with a 400 in the user's language: more than owed, a future or ancient date, no amount", async () => {
    const { dist, store } = await owingPair(1_131_950);
    makeNow = () => store.ctx.clock.now();
    const tooMuch = refusedWithoutWriting(() =>
      reportPayment(store.ctx, report(dist.org.id, { amountFen: "11319.51" })),
    );
    expect(tooMuch.status).toBe(400);
    expect(translate("zh-CN", tooMuch.key, tooMuch.params)).toBe("付款不能多于欠款 ¥11,319.50");
    for (const paidOn of [addDays(today(), 1), addDays(today(), -61)]) {
      expect(refusedWithoutWriting(() => reportPayment(store.ctx, report(dist.org.id, { paidOn }))).status).toBe(400);
    }
    const parse = (fields: Record<string, string>) =>
      reportPaymentSchema.safeParse({
        requestId: newId(),
        distributorOrgId: dist.org.id,
        method: "bank",
        paidOn: today(),
        ...fields,
      });
    expect(parse({ amountFen: "0" }).success).toBe(false);
    expect(parse({ amountFen: "-5" }).success).toBe(false);
    expect(parse({ amountFen: "5", method: "online" }).success).toBe(false);
    expect(parse({ amountFen: "5", paidOn: "2026-02-30" }).success).toBe(false);
    expect(parse({ amountFen: "5" }).success).toBe(true);
  });
});
