import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  campaignOrigins,
  campaignTiers,
  campaigns,
  quoteInvitations,
  supplierBatches,
  supplierOrders,
  uploadedFiles,
} from "@db/schema";
import { DomainError } from "~/domain/errors";
import { DAY_MS, fixedClock } from "~/domain/dates";
import { newId } from "~/domain/ids.server";
import { awardQuote } from "~/domain/negotiation/award.server";
import { campaignOrigin } from "~/domain/negotiation/campaign-origin.server";
import { compareQuotes } from "~/domain/negotiation/compare.server";
import { askCounter } from "~/domain/negotiation/counter-round.server";
import { pooledDemand } from "~/domain/negotiation/demand-evidence.server";
import { landedCostFen, rangeOf, supplierEvidence } from "~/domain/negotiation/figures";
import { registerInterest } from "~/domain/negotiation/interest.server";
import { requestDetail } from "~/domain/negotiation/negotiation-detail.server";
import { inviteSupplier, sendRequest } from "~/domain/negotiation/send-request.server";
import { attachSupplierFile } from "~/domain/negotiation/supplier-attach-file.server";
import { openSupplierLink, supplierView } from "~/domain/negotiation/supplier-link.server";
import { submitQuote } from "~/domain/negotiation/supplier-submit-quote.server";
import { saveQuoteDraft } from "~/domain/negotiation/supplier-save-draft.server";
import { pledge } from "~/domain/alliances/pledge.server";
import { openCampaign } from "~/domain/alliances/campaign-moves.server";
import { createTestDb } from "../support/db";
import { makeStore, uniqueBarcode } from "../support/factories";
import { addMemberStore, makeAlliance, makeCampaign, makeSupplierWithProduct } from "../support/alliance";
import { recordSupplierDelivery } from "~/domain/negotiation/record-supplier-delivery.server";
import { supplierRecord } from "~/domain/negotiation/supplier-record.server";
import { dbSnapshot } from "../support/snapshot";
import { PINNED_NOW } from "../support/clock";
import { makeRequest, quoteInput, storeSold } from "../support/negotiation";

const uploads = fs.mkdtempSync(path.join(os.tmpdir(), "vl-uploads-"));
process.env.UPLOADS_DIR = uploads;
process.env.QUOTE_LINK_SECRET = "domain-test-secret-0123456789abcdef0123";
const testDb = createTestDb();
const db = testDb.db;
afterAll(() => {
  testDb.close();
  fs.rmSync(uploads, { recursive: true, force: true });
});

function errorOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return { key: error.key, status: error.status };
    throw error;
  }
  throw new Error("expected a domain error");
}
function refusedWithoutWriting(fn: () => unknown) {
  const before = dbSnapshot(db);
  const error = errorOf(fn);
  expect(dbSnapshot(db)).toEqual(before);
  return error;
}

/**
 * Whether `value` holds the number `n` anywhere (a quoted price): a search of its JSON for the
 * digits also found them inside the test's random barcode ("6923661515024"), once in a CI run.
 */
const holdsNumber = (value: unknown, n: number): boolean =>
  value === n || (typeof value === "object" && value !== null && Object.values(value).some((v) => holdsNumber(v, n)));

describe("figures", () => {
  it("rounds onto ranges and hides every figure with fewer than five stores behind it", () => {
    expect(rangeOf(37)).toEqual({ from: 20, to: 50 });
    expect(rangeOf(5)).toEqual({ from: 5, to: 10 });
    const base = {
      weeks: 12,
      barcodes: [],
      sales: { stores: 4, packsPerWeek: 80 },
      interest: { stores: 6, packsPerWeek: 30 },
      deposits: { stores: 2, packs: 50 },
      total: { stores: 7, packsPerWeek: 95 },
      expectedBatchPacks: 380,
    };
    const seen = supplierEvidence(base, [100, 300, 600]);
    expect(seen.band).toBe(300);
    expect(seen.sales).toBeNull();
    expect(seen.deposits).toBeNull();
    expect(seen.interest).toEqual({ stores: { from: 5, to: 10 }, packsPerWeek: { from: 20, to: 50 } });
    const few = supplierEvidence(
      { ...base, total: { stores: 4, packsPerWeek: 95 }, interest: { stores: 3, packsPerWeek: 1 } },
      [100, 300],
    );
    expect(few).toEqual({ band: 300, belowFirstBand: false, total: null, sales: null, interest: null, deposits: null });
    expect(JSON.stringify(few)).not.toContain("95");
  });

  it("landed cost: price + delivery per pack + the cost of faster payment at the annual rate", () => {
    // ¥50.00, ¥600 delivery over 300 packs = ¥2.00, paying 30 days sooner than offered at 6 %: 5000 × 0.06 × 30/365 ≈ 24.66 fen.
    expect(
      landedCostFen({
        priceFen: 5000,
        bandPacks: 300,
        deliveryFen: 60000,
        quoteTermsDays: 0,
        offeredTermsDays: 30,
        annualRateBp: 600,
      }),
    ).toBe(5225);
    expect(
      landedCostFen({
        priceFen: 5000,
        bandPacks: 300,
        deliveryFen: 0,
        quoteTermsDays: 30,
        offeredTermsDays: 30,
        annualRateBp: 600,
      }),
    ).toBe(5000);
  });
});

describe("the whole loop", () => {
  let alliance: Awaited<ReturnType<typeof makeAlliance>>;
  const barcode = uniqueBarcode();
  const stores: Awaited<ReturnType<typeof makeStore>>[] = [];
  let supplierA: string;
  let supplierB: string;

  beforeAll(async () => {
    alliance = await makeAlliance(db, { clock: fixedClock(PINNED_NOW) });
    for (let i = 0; i < 6; i++) {
      const store = await makeStore(db);
      addMemberStore(alliance, store);
      stores.push(store);
      if (i < 4) storeSold(db, store.org.id, barcode, 40, PINNED_NOW); // 10 packs of 4 a week each
    }
    supplierA = makeSupplierWithProduct(alliance).supplierId;
    supplierB = makeSupplierWithProduct(alliance).supplierId;
  });

  it("members register interest; a non-member is refused and nothing is written", async () => {
    for (const s of stores.slice(3))
      registerInterest(s.ctx, {
        requestId: newId(),
        allianceOrgId: alliance.org.id,
        product: "大豆油",
        barcode,
        packsPerMonth: 26,
        note: null,
      });
    const outsider = await makeStore(db);
    expect(
      refusedWithoutWriting(() =>
        registerInterest(outsider.ctx, {
          requestId: newId(),
          allianceOrgId: alliance.org.id,
          product: "油",
          barcode: null,
          packsPerMonth: 1,
          note: null,
        }),
      ),
    ).toEqual({ key: "negotiation.notMember", status: 404 });
  });

  it("pooled demand from the rollups by barcode, interest taken per store as the larger figure", () => {
    const evidence = pooledDemand(db, alliance.org.id, { barcodes: [barcode], packSize: 4 }, PINNED_NOW);
    expect(evidence.sales).toEqual({ stores: 4, packsPerWeek: 40 });
    expect(evidence.interest).toEqual({ stores: 3, packsPerWeek: 18 });
    // Stores 0–2: sales 10 each; store 3: max(10, 6) = 10; stores 4–5: interest 6 each.
    expect(evidence.total).toEqual({ stores: 6, packsPerWeek: 52 });
    expect(evidence.expectedBatchPacks).toBe(208);
  });

  let rfqId: string;
  let tokens: Record<string, string>;
  it("bad requests are refused: bands not increasing, deadline past", () => {
    expect(refusedWithoutWriting(() => makeRequest(alliance.ctx, { bands: [300, 100] }))).toMatchObject({
      key: "negotiation.bandsNotIncreasing",
      status: 400,
    });
    expect(refusedWithoutWriting(() => makeRequest(alliance.ctx, { deadlineAt: PINNED_NOW - 1 }))).toMatchObject({
      status: 400,
    });
    rfqId = makeRequest(alliance.ctx, { barcodes: [barcode] }).rfqId;
    const { links } = sendRequest(alliance.ctx, rfqId, [supplierA, supplierB]);
    expect(links.map((l) => l.supplierId)).toEqual([supplierA, supplierB]); // as chosen
    tokens = Object.fromEntries(links.map((l) => [l.supplierId, l.token]));
    expect(
      db
        .select()
        .from(quoteInvitations)
        .all()
        .some((i) => Object.values(tokens).includes(i.tokenHash)),
    ).toBe(false);
  });

  it("the supplier sees ranges only, its own draft and versions, and bad quotes write nothing", () => {
    const link = openSupplierLink(db, alliance.ctx.clock, tokens[supplierA]);
    const view = supplierView(link);
    expect(view.evidence?.total).toEqual({ stores: { from: 5, to: 10 }, packsPerWeek: { from: 50, to: 100 } });
    expect(view.evidence?.sales).toBeNull();
    expect(JSON.stringify(view)).not.toContain(`"packsPerWeek":52`);
    const deadline = view.request.deadlineAt;
    expect(
      refusedWithoutWriting(() => submitQuote(link, quoteInput(deadline, { prices: [5200, 5300, 4700] }))),
    ).toMatchObject({ key: "negotiation.tierAbovePrevious", status: 400 });
    expect(
      refusedWithoutWriting(() => submitQuote(link, quoteInput(deadline, { prices: [5200, -1, 4700] }))),
    ).toMatchObject({ status: 400 });
    expect(
      refusedWithoutWriting(() => submitQuote(link, quoteInput(deadline, { validUntil: "2026-11-26" }))),
    ).toMatchObject({ key: "negotiation.validityBeforeDeadline" });
    expect(
      refusedWithoutWriting(() => submitQuote(link, quoteInput(deadline, { fallbacks: [5000, null, null] }))),
    ).toMatchObject({ key: "negotiation.fallbackBelowPrice" });
    saveQuoteDraft(link, { price0: "52" });
    expect(supplierView(link).draft).toEqual({ price0: "52" });
    expect(submitQuote(link, quoteInput(deadline)).version).toBe(1);
    expect(submitQuote(link, quoteInput(deadline, { prices: [5150, 4900, 4650] })).version).toBe(2);
    const again = supplierView(link);
    expect(again.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(again.draft).toBeNull();
    const linkB = openSupplierLink(db, alliance.ctx.clock, tokens[supplierB]);
    expect(supplierView(linkB).versions).toEqual([]);
    submitQuote(linkB, quoteInput(deadline, { prices: [5100, 4980, 4800], deliveryFen: 0, paymentTermsDays: 0 }));
    // A sees its own price; B never sees A's.
    expect(holdsNumber(again, 5150)).toBe(true);
    expect(holdsNumber(supplierView(linkB), 5150)).toBe(false);
  });

  it("uploads: type sniffed from the bytes, linked to the supplier's record; a disguised file is refused", () => {
    const link = openSupplierLink(db, alliance.ctx.clock, tokens[supplierA]);
    const pdf = new TextEncoder().encode("%PDF-1.4\n% test certificate\n");
    const { certificateId, fileId } = attachSupplierFile(
      link,
      {
        requestId: newId(),
        kind: "certificate",
        certKind: "inspection",
        certTitle: "检验报告",
        certNumber: "JY-1",
        certValidUntil: "2027-06-30",
      },
      { name: "../../etc/报告.pdf", bytes: pdf },
    );
    expect(certificateId).toBeTruthy();
    const row = db.select().from(uploadedFiles).where(eq(uploadedFiles.id, fileId)).get()!;
    expect(row.mime).toBe("application/pdf");
    expect(row.fileName).toBe("报告.pdf");
    expect(fs.existsSync(path.join(uploads, row.storedName))).toBe(true);
    const before = fs.readdirSync(path.join(uploads, "negotiation")).length;
    expect(
      refusedWithoutWriting(() =>
        attachSupplierFile(
          link,
          { requestId: newId(), kind: "price_sheet", certTitle: null, certNumber: null, certValidUntil: null },
          { name: "x.pdf", bytes: new TextEncoder().encode("<html><script>alert(1)</script>") },
        ),
      ),
    ).toMatchObject({ key: "negotiation.upload.type" });
    expect(fs.readdirSync(path.join(uploads, "negotiation")).length).toBe(before);
  });

  it("sealed: before the deadline nobody sees a price, the coordinator included; no counter, no award", () => {
    expect(errorOf(() => compareQuotes(alliance.ctx, rfqId))).toEqual({ key: "negotiation.sealed", status: 409 });
    const detail = requestDetail(alliance.ctx, rfqId);
    expect(detail.sealed).toBe(true);
    expect(holdsNumber(detail, 5150) || holdsNumber(detail, 5100)).toBe(false);
    expect(JSON.stringify(detail)).not.toContain("priceFen");
    expect(
      refusedWithoutWriting(() =>
        askCounter(alliance.ctx, rfqId, {
          requestId: newId(),
          invitationIds: [detail.invitations[0].id],
          message: "再低点",
          answerByDate: "2026-12-10",
        }),
      ),
    ).toMatchObject({ key: "negotiation.counterSealed" });
  });

  it("after the deadline: compared at landed cost, a counter round improves a tier, the award drafts the campaign", () => {
    const after = { ...alliance.ctx, clock: fixedClock(PINNED_NOW + 3 * DAY_MS + 60_000) };
    const linkA = openSupplierLink(db, after.clock, tokens[supplierA]);
    expect(errorOf(() => submitQuote(linkA, quoteInput(PINNED_NOW + 3 * DAY_MS)))).toEqual({
      key: "negotiation.closedForQuotes",
      status: 409,
    });
    const compared = compareQuotes(after, rfqId);
    expect(compared.offers).toHaveLength(2);
    const a = compared.offers.find((o) => o.supplierId === supplierA)!;
    expect(a.version.version).toBe(2);
    expect(a.landed.map((l) => l.priceFen)).toEqual([5150, 4900, 4650]);
    expect(a.landed[0].landedFen).toBe(5150 + 600); // ¥600 over 100 packs, same terms as offered
    expect(a.history[1].changes).toContainEqual({ field: "band:300", from: 4950, to: 4900 });
    expect(a.required).toEqual([{ kind: "inspection", state: "valid" }]);
    const b = compared.offers.find((o) => o.supplierId === supplierB)!;
    expect(b.required).toEqual([{ kind: "inspection", state: "missing" }]);

    const { number } = askCounter(after, rfqId, {
      requestId: newId(),
      invitationIds: [a.invitationId],
      message: "600 件档能否 ¥46？",
      answerByDate: "2026-12-05",
    });
    expect(number).toBe(1);
    const linkB = openSupplierLink(db, after.clock, tokens[supplierB]);
    expect(errorOf(() => submitQuote(linkB, quoteInput(PINNED_NOW)))).toMatchObject({ status: 409 });
    const answered = submitQuote(linkA, quoteInput(PINNED_NOW + 3 * DAY_MS, { prices: [5150, 4900, 4600] }));
    expect(answered.version).toBe(3);
    const latest = compareQuotes(after, rfqId).offers.find((o) => o.supplierId === supplierA)!;
    expect(latest.history[2].changes).toEqual([{ field: "band:600", from: 4650, to: 4600 }]);
    expect(latest.history[2].roundId).toBeTruthy();

    const { campaignId } = awardQuote(after, rfqId, { requestId: newId(), quoteId: latest.quoteId });
    const tiers = db.select().from(campaignTiers).where(eq(campaignTiers.campaignId, campaignId)).all();
    expect(tiers.map((t) => [t.minPacks, t.priceFen])).toEqual([
      [100, 5150],
      [300, 4900],
      [600, 4600],
    ]);
    const campaign = db.select().from(campaigns).where(eq(campaigns.id, campaignId)).get()!;
    expect(campaign).toMatchObject({ status: "draft", supplierId: supplierA, moqPacks: 100, barcode });
    expect(db.select().from(campaignOrigins).where(eq(campaignOrigins.campaignId, campaignId)).get()?.versionId).toBe(
      answered.versionId,
    );
    const outcomes = db
      .select({ s: quoteInvitations.supplierId, o: quoteInvitations.outcome })
      .from(quoteInvitations)
      .where(and(eq(quoteInvitations.requestId, rfqId)))
      .all();
    expect(Object.fromEntries(outcomes.map((x) => [x.s, x.o]))).toEqual({
      [supplierA]: "awarded",
      [supplierB]: "declined",
    });
    expect(supplierView(linkB).outcome).toBe("declined");

    // The coordinator opens it as today; a member pledges and can see how the price was obtained.
    openCampaign(after, campaignId, newId());
    const member = { ...stores[0].ctx, clock: after.clock };
    expect(pledge(member, { requestId: newId(), campaignId, packs: 20, priceFen: 5150 })).toBeTruthy();
    const origin = campaignOrigin(member, campaignId)!;
    expect(origin).toMatchObject({ suppliersQuoted: 2, rounds: 1, acceptedVersion: 3 });
    expect(origin.certificates.map((c) => c.title)).toContain("检验报告");
    expect(errorOf(() => awardQuote(after, rfqId, { requestId: newId(), quoteId: latest.quoteId }))).toMatchObject({
      status: 409,
    });
  });

  it("links: tampered, replaced and expired links are refused; another alliance reaches nothing", async () => {
    const token = tokens[supplierB];
    const tampered = token.slice(0, -2) + (token.endsWith("AA") ? "BB" : "AA");
    expect(errorOf(() => openSupplierLink(db, alliance.ctx.clock, tampered))).toEqual({
      key: "negotiation.link.invalid",
      status: 404,
    });
    const [id, , nonce, mac] = token.split(".");
    expect(errorOf(() => openSupplierLink(db, alliance.ctx.clock, `${id}.zzzzzzzzz.${nonce}.${mac}`))).toMatchObject({
      status: 404,
    });
    expect(errorOf(() => openSupplierLink(db, fixedClock(PINNED_NOW + 400 * DAY_MS), token))).toEqual({
      key: "negotiation.link.expired",
      status: 410,
    });
    const other = await makeAlliance(db);
    expect(errorOf(() => requestDetail(other.ctx, rfqId))).toMatchObject({ status: 404 });
    expect(errorOf(() => compareQuotes(other.ctx, rfqId))).toMatchObject({ status: 404 });
    const rfq2 = makeRequest(alliance.ctx, {}).rfqId;
    sendRequest(alliance.ctx, rfq2, [supplierB]);
    const renewed = inviteSupplier(alliance.ctx, rfq2, supplierB);
    expect(openSupplierLink(db, alliance.ctx.clock, renewed.token).requestId).toBe(rfq2);
  });
});

describe("the supplier's record and the supplier batch", () => {
  it("records promised/actual delivery and a batch on a supplier order; the record counts it on time", async () => {
    const alliance = await makeAlliance(db, { clock: fixedClock(PINNED_NOW) });
    const { campaignId } = makeCampaign(alliance);
    const campaign = db.select().from(campaigns).where(eq(campaigns.id, campaignId)).get()!;
    const orderId = newId();
    db.insert(supplierOrders)
      .values({
        id: orderId,
        orgId: alliance.org.id,
        campaignId,
        supplierId: campaign.supplierId,
        packs: 120,
        priceFen: 4950,
        totalFen: 594_000,
        createdAt: PINNED_NOW,
      })
      .run();
    const input = {
      requestId: newId(),
      promisedDeliveryDate: "2026-12-01",
      deliveredDate: "2026-11-30",
      batchNo: "B20261120",
      productionDate: "2026-11-20",
      expiryDate: "2027-11-19",
      certificateId: null,
    };
    expect(
      refusedWithoutWriting(() =>
        recordSupplierDelivery(alliance.ctx, orderId, { ...input, expiryDate: "2026-11-01" }),
      ),
    ).toMatchObject({ key: "negotiation.batchDates", status: 400 });
    const other = await makeAlliance(db);
    expect(refusedWithoutWriting(() => recordSupplierDelivery(other.ctx, orderId, input))).toMatchObject({
      status: 404,
    });
    const { batchId } = recordSupplierDelivery(alliance.ctx, orderId, input);
    expect(db.select().from(supplierBatches).where(eq(supplierBatches.id, batchId!)).get()).toMatchObject({
      batchNo: "B20261120",
      supplierOrderId: orderId,
      expiryDate: "2027-11-19",
    });
    expect(supplierRecord(db, alliance.org.id, campaign.supplierId)).toEqual({
      campaigns: 1,
      delivered: 1,
      onTime: 1,
      claims: 0,
    });
  });
});
