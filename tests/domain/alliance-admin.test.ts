import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import {
  allianceMembers,
  campaigns,
  campaignTiers,
  jobs,
  notifications,
  payments,
  pledges,
  stateTransitions,
} from "@db/schema";
import { DomainError } from "~/domain/errors";
import { newId } from "~/domain/ids.server";
import { campaignFormSchema, shanghaiInstant } from "~/domain/alliances/campaign-fields.server";
import { closeCampaignNow, openCampaign } from "~/domain/alliances/campaign-moves.server";
import { allianceHome } from "~/domain/alliances/alliance-home.server";
import { campaignDetail } from "~/domain/alliances/campaign-detail.server";
import { cancelCampaign } from "~/domain/alliances/cancel-campaign.server";
import { activeMembership, campaignForMember, findCampaign } from "~/domain/alliances/campaigns.server";
import {
  alliancesForStore,
  applyToAlliance,
  decideMembership,
  listMembers,
} from "~/domain/alliances/memberships.server";
import { createCampaign, updateCampaign } from "~/domain/alliances/save-campaign.server";
import {
  addCertificate,
  addSupplierProduct,
  certificateState,
  createSupplier,
  getSupplier,
  listSuppliers,
} from "~/domain/alliances/suppliers.server";
import { depositFor, nextTier, priceAt, tierReached, validateTiers } from "~/domain/alliances/tiers";
import { createTestDb } from "../support/db";
import { makeDistributor, makeSku } from "../support/distribution";
import { makeStore } from "../support/factories";
import {
  addMemberStore,
  DEFAULT_TIERS,
  makeAlliance,
  makeCampaign,
  makeSupplierWithProduct,
} from "../support/alliance";
import { dbSnapshot } from "../support/snapshot";
import { fixedClock } from "~/domain/dates";
import { closeCampaign } from "~/domain/alliances/close-campaign.server";
import { pledge } from "~/domain/alliances/pledge.server";
import { systemCtx } from "~/domain/jobs/system-context.server";

const testDb = createTestDb();
const db = testDb.db;
afterAll(() => testDb.close());

function errorOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError)
      return { name: error.name, key: error.key, status: error.status, fields: Object.keys(error.fieldErrors) };
    throw error;
  }
  throw new Error("expected a domain error");
}

/** Refused, and not one row anywhere changed. */
function refusedWithoutWriting(fn: () => unknown) {
  const before = dbSnapshot(db);
  const error = errorOf(fn);
  expect(dbSnapshot(db)).toEqual(before);
  return error;
}

describe("tiers", () => {
  it("accepts increasing packs with decreasing prices", () => {
    expect(validateTiers(DEFAULT_TIERS)).toEqual([]);
    expect(validateTiers([{ minPacks: 1, priceFen: 1 }])).toEqual([]);
  });

  it("refuses overlapping, non-increasing, non-decreasing, non-integer, empty and too many tiers", () => {
    expect(validateTiers([])).toEqual(["alliance.tiers.none"]);
    expect(
      validateTiers([
        { minPacks: 100, priceFen: 5200 },
        { minPacks: 100, priceFen: 5000 },
      ]),
    ).toEqual(["alliance.tiers.packsNotIncreasing"]);
    expect(
      validateTiers([
        { minPacks: 300, priceFen: 5200 },
        { minPacks: 100, priceFen: 5000 },
      ]),
    ).toEqual(["alliance.tiers.packsNotIncreasing"]);
    expect(
      validateTiers([
        { minPacks: 100, priceFen: 5200 },
        { minPacks: 300, priceFen: 5200 },
      ]),
    ).toEqual(["alliance.tiers.priceNotDecreasing"]);
    expect(validateTiers([{ minPacks: 100, priceFen: 52.5 }])).toEqual(["alliance.tiers.notInteger"]);
    expect(validateTiers([{ minPacks: 0, priceFen: 5200 }])).toEqual(["alliance.tiers.notInteger"]);
    const six = Array.from({ length: 6 }, (_, i) => ({ minPacks: (i + 1) * 10, priceFen: 1000 - i }));
    expect(validateTiers(six)).toEqual(["alliance.tiers.tooMany"]);
  });

  it("finds the tier reached, the next one and the price, at the boundaries", () => {
    expect(tierReached(DEFAULT_TIERS, 99)).toBeNull();
    expect(priceAt(DEFAULT_TIERS, 99)).toBeNull();
    expect(tierReached(DEFAULT_TIERS, 100)).toEqual({ index: 0, tier: DEFAULT_TIERS[0] });
    expect(priceAt(DEFAULT_TIERS, 299)).toBe(5200);
    expect(priceAt(DEFAULT_TIERS, 300)).toBe(4950);
    expect(priceAt(DEFAULT_TIERS, 10_000)).toBe(4700);
    expect(nextTier(DEFAULT_TIERS, 0)).toEqual({ tier: DEFAULT_TIERS[0], packsToGo: 100 });
    expect(nextTier(DEFAULT_TIERS, 250)).toEqual({ tier: DEFAULT_TIERS[1], packsToGo: 50 });
    expect(nextTier(DEFAULT_TIERS, 600)).toBeNull();
  });

  it("computes deposits in integer fen, rounding half up", () => {
    expect(depositFor(3, 5200, 1000)).toBe(1560);
    expect(depositFor(1, 333, 1250)).toBe(42); // 41.625 → 42
    expect(depositFor(1, 5, 1000)).toBe(1); // 0.5 → 1
    expect(depositFor(1, 4, 1000)).toBe(0); // 0.4 → 0
    expect(depositFor(7, 5200, 0)).toBe(0);
    expect(depositFor(7, 5200, 10_000)).toBe(36_400);
  });
});

describe("memberships", () => {
  it("a store applies, the coordinator approves, then removes: only an active member counts", async () => {
    const alliance = await makeAlliance(db);
    const store = await makeStore(db);
    expect(alliancesForStore(store.ctx).find((a) => a.id === alliance.org.id)?.status).toBeNull();

    const { memberId, status } = applyToAlliance(store.ctx, alliance.org.id);
    expect(status).toBe("requested");
    expect(applyToAlliance(store.ctx, alliance.org.id).memberId).toBe(memberId); // a double tap
    expect(activeMembership(db, alliance.org.id, store.org.id)).toBeNull();
    expect(listMembers(alliance.ctx, ["requested"]).map((m) => m.storeOrgId)).toEqual([store.org.id]);

    decideMembership(alliance.ctx, memberId, "approve");
    expect(activeMembership(db, alliance.org.id, store.org.id)?.id).toBe(memberId);
    expect(alliancesForStore(store.ctx).find((a) => a.id === alliance.org.id)?.status).toBe("active");

    decideMembership(alliance.ctx, memberId, "remove", "长期不下单");
    expect(activeMembership(db, alliance.org.id, store.org.id)).toBeNull();
    const row = db.select().from(allianceMembers).where(eq(allianceMembers.id, memberId)).get()!;
    expect([row.status, row.note, row.decidedBy]).toEqual(["removed", "长期不下单", alliance.user.id]);
  });

  it("refuses a decision that does not fit the state, and another alliance's member", async () => {
    const alliance = await makeAlliance(db);
    const other = await makeAlliance(db);
    const store = await makeStore(db);
    const { memberId } = applyToAlliance(store.ctx, alliance.org.id);
    expect(refusedWithoutWriting(() => decideMembership(alliance.ctx, memberId, "remove")).key).toBe(
      "alliance.member.cannot",
    );
    expect(refusedWithoutWriting(() => decideMembership(other.ctx, memberId, "approve")).status).toBe(404);
    decideMembership(alliance.ctx, memberId, "reject");
    expect(applyToAlliance(store.ctx, alliance.org.id).status).toBe("requested"); // may ask again
  });

  it("a store cannot apply to an alliance of another county", async () => {
    const alliance = await makeAlliance(db);
    const { organisations } = await import("@db/schema");
    db.update(organisations).set({ countyCode: "410221" }).where(eq(organisations.id, alliance.org.id)).run();
    const store = await makeStore(db);
    expect(refusedWithoutWriting(() => applyToAlliance(store.ctx, alliance.org.id)).status).toBe(404);
  });
});

describe("suppliers", () => {
  it("flags certificates expired or expiring within 30 days", async () => {
    // 2026-11-01 noon in Shanghai
    const alliance = await makeAlliance(db, { clock: fixedClock(Date.UTC(2026, 10, 1, 4)) });
    const { supplierId } = makeSupplierWithProduct(alliance);
    for (const [title, validUntil] of [
      ["检验报告", "2026-10-31"],
      ["食用农产品承诺达标合格证", "2026-11-20"],
      ["营业执照", "2030-01-01"],
    ]) {
      addCertificate(alliance.ctx, supplierId, {
        requestId: newId(),
        kind: "inspection",
        title,
        number: null,
        validFrom: null,
        validUntil,
      });
    }
    const { certificates } = getSupplier(alliance.ctx, supplierId);
    expect(certificates.map((c) => [c.title, c.state])).toEqual([
      ["检验报告", "expired"],
      ["食用农产品承诺达标合格证", "expiring"],
      ["营业执照", "valid"],
    ]);
    expect(certificateState(null, "2026-11-01")).toBe("undated");
    const bad = {
      requestId: newId(),
      kind: "inspection" as const,
      title: "x",
      number: null,
      validFrom: "2026-12-01",
      validUntil: "2026-11-01",
    };
    expect(refusedWithoutWriting(() => addCertificate(alliance.ctx, supplierId, bad)).key).toBe(
      "alliance.supplier.certDates",
    );
  });
});

const form = (overrides: Record<string, unknown> = {}) => ({
  requestId: newId(),
  title: "",
  description: "",
  supplierProductId: "x",
  tierPacks: ["100", "300", "600", "", ""],
  tierPrice: ["52.00", "49.50", "47", "", ""],
  moqPacks: "100",
  capPacks: "",
  deadlineDate: "2030-01-10",
  deadlineTime: "18:00",
  distributorOrgId: "",
  expectedDeliveryDate: "2030-01-14",
  depositPercent: "12.5",
  ...overrides,
});

describe("supplier tenancy", () => {
  it("another alliance's supplier and products are out of reach", async () => {
    const alliance = await makeAlliance(db);
    const other = await makeAlliance(db);
    const { supplierId, productId } = makeSupplierWithProduct(alliance);
    expect(errorOf(() => getSupplier(other.ctx, supplierId)).status).toBe(404);
    expect(listSuppliers(other.ctx)).toEqual([]);
    const cert = {
      requestId: newId(),
      kind: "licence" as const,
      title: "营业执照",
      number: null,
      validFrom: null,
      validUntil: null,
    };
    expect(refusedWithoutWriting(() => addCertificate(other.ctx, supplierId, cert)).status).toBe(404);
    const product = {
      requestId: newId(),
      name: "x",
      barcode: null,
      spec: null,
      baseUnit: "瓶",
      packUnit: "箱",
      packSize: 12,
    };
    expect(refusedWithoutWriting(() => addSupplierProduct(other.ctx, supplierId, product)).status).toBe(404);
    const input = { ...makeCampaign(other, { open: false }).input, supplierProductId: productId, requestId: newId() };
    expect(refusedWithoutWriting(() => createCampaign(other.ctx, input))).toMatchObject({
      key: "alliance.supplier.productNotFound",
      fields: ["supplierProductId"],
    });
  });
});

describe("the campaign form", () => {
  it("parses tiers in yuan to fen exactly, the deposit to basis points and the deadline on a Shanghai clock", () => {
    const parsed = campaignFormSchema.parse(form());
    expect(parsed.tiers).toEqual(DEFAULT_TIERS);
    expect(parsed.depositBp).toBe(1250);
    expect(parsed.deadlineAt).toBe(Date.UTC(2030, 0, 10, 10, 0));
    expect(parsed.capPacks).toBeNull();
    expect(shanghaiInstant("2030-01-10", "24:00")).toBeNull();
  });

  it("refuses a half-filled tier row, a deposit over 100 % and a cap below 1", () => {
    const issues = (v: Record<string, unknown>) =>
      campaignFormSchema.safeParse(form(v)).error?.issues.map((i) => `${i.path.join(".")}:${i.message}`);
    expect(issues({ tierPacks: ["100", "300"], tierPrice: ["52.00", ""] })).toEqual([
      "tiers:alliance.tiers.rowInvalid",
    ]);
    expect(issues({ tierPrice: ["52.001", "49.50", "47"] })).toEqual(["tiers:alliance.tiers.rowInvalid"]);
    expect(issues({ depositPercent: "100.01" })).toEqual(["depositPercent:alliance.campaign.depositInvalid"]);
    expect(issues({ capPacks: "0" })).toEqual(["capPacks:validation.positive"]);
    expect(issues({ moqPacks: "0" })).toEqual(["moqPacks:validation.positive"]);
  });
});

describe("campaigns", () => {
  it("creates a draft with its tiers and timeline, edits it, opens it and schedules the close at the deadline", async () => {
    const alliance = await makeAlliance(db);
    const { campaignId, input } = makeCampaign(alliance, { open: false });
    const draft = findCampaign(db, alliance.ctx, campaignId);
    expect([draft.status, draft.packSize, draft.productName, draft.depositBp]).toEqual([
      "draft",
      12,
      "金龙鱼大豆油 5L",
      1000,
    ]);
    expect(draft.tiers).toEqual(DEFAULT_TIERS);

    updateCampaign(alliance.ctx, campaignId, {
      ...input,
      requestId: newId(),
      tiers: DEFAULT_TIERS.slice(0, 2),
      capPacks: 20,
    });
    const edited = findCampaign(db, alliance.ctx, campaignId);
    expect([edited.tiers.length, edited.capPacks]).toEqual([2, 20]);

    const requestId = newId();
    openCampaign(alliance.ctx, campaignId, requestId);
    openCampaign(alliance.ctx, campaignId, requestId); // a retried POST: same answer, no second move
    expect(findCampaign(db, alliance.ctx, campaignId).status).toBe("open");
    const moves = db
      .select()
      .from(stateTransitions)
      .where(and(eq(stateTransitions.entity, "campaign"), eq(stateTransitions.entityId, campaignId)))
      .all();
    expect(moves.map((m) => [m.fromState, m.toState])).toEqual([
      [null, "draft"],
      ["draft", "open"],
    ]);
    const job = db
      .select()
      .from(jobs)
      .where(eq(jobs.uniqueKey, `campaign.close:${campaignId}`))
      .get()!;
    expect([job.kind, job.runAt, job.orgId]).toEqual(["campaign.close", edited.deadlineAt, alliance.org.id]);

    expect(
      refusedWithoutWriting(() => updateCampaign(alliance.ctx, campaignId, { ...input, requestId: newId() })).key,
    ).toBe("alliance.campaign.notDraft");
  });

  it("refuses bad input and writes nothing", async () => {
    const alliance = await makeAlliance(db);
    const { productId } = makeSupplierWithProduct(alliance, { packSize: 12 });
    const now = alliance.ctx.clock.now();
    const base = {
      requestId: newId(),
      title: null,
      description: "",
      supplierProductId: productId,
      tiers: DEFAULT_TIERS,
      moqPacks: 100,
      capPacks: null as number | null,
      deadlineAt: now + 86_400_000,
      distributorOrgId: null as string | null,
      expectedDeliveryDate: "2099-01-01",
      depositBp: 1000,
    };
    const refuse = (over: Partial<typeof base> & Record<string, unknown>) =>
      refusedWithoutWriting(() =>
        createCampaign(alliance.ctx, { ...base, ...over, requestId: newId() } as typeof base),
      );
    expect(refuse({ deadlineAt: now - 1 })).toMatchObject({
      key: "alliance.campaign.deadlinePast",
      fields: ["deadlineDate"],
      status: 400,
    });
    expect(refuse({ expectedDeliveryDate: "2000-01-01" })).toMatchObject({
      key: "alliance.campaign.deliveryBeforeDeadline",
    });
    expect(
      refuse({
        tiers: [
          { minPacks: 100, priceFen: 5200 },
          { minPacks: 50, priceFen: 5000 },
        ],
      }),
    ).toMatchObject({ key: "alliance.tiers.packsNotIncreasing", fields: ["tiers"] });
    expect(
      refuse({
        tiers: [
          { minPacks: 100, priceFen: 5000 },
          { minPacks: 300, priceFen: 5100 },
        ],
      }),
    ).toMatchObject({ key: "alliance.tiers.priceNotDecreasing" });
    expect(refuse({ moqPacks: 0 })).toMatchObject({ key: "validation.positive", fields: ["moqPacks"] });
    expect(refuse({ capPacks: 0 })).toMatchObject({ key: "validation.positive", fields: ["capPacks"] });
    expect(refuse({ moqPacks: 50 })).toMatchObject({ key: "alliance.campaign.moqBelowFirstTier" });
    expect(refuse({ depositBp: 10_001 })).toMatchObject({ key: "alliance.campaign.depositInvalid" });
  });

  it("matches the distributor's SKU by barcode and refuses clearly when there is none", async () => {
    const alliance = await makeAlliance(db);
    const distributor = await makeDistributor(db);
    const { distributorProductId, campaignId } = makeCampaign(alliance, { distributor: distributor.ctx, open: false });
    expect(findCampaign(db, alliance.ctx, campaignId).distributorProductId).toBe(distributorProductId);

    const goods = makeSupplierWithProduct(alliance, { packSize: 12 });
    const input = {
      ...makeCampaign(alliance, { open: false }).input,
      supplierProductId: goods.productId,
      distributorOrgId: distributor.org.id,
    };
    expect(refusedWithoutWriting(() => createCampaign(alliance.ctx, { ...input, requestId: newId() }))).toMatchObject({
      key: "alliance.campaign.noDistributorSku",
      fields: ["distributorOrgId"],
    });
    makeSku(distributor.ctx, { barcode: goods.barcode!, packSize: 6 });
    expect(refusedWithoutWriting(() => createCampaign(alliance.ctx, { ...input, requestId: newId() }))).toMatchObject({
      key: "alliance.campaign.packSizeMismatch",
    });
    const noBarcode = makeSupplierWithProduct(alliance, { barcode: null });
    expect(
      refusedWithoutWriting(() =>
        createCampaign(alliance.ctx, { ...input, supplierProductId: noBarcode.productId, requestId: newId() }),
      ),
    ).toMatchObject({ key: "alliance.campaign.noBarcode" });
  });

  it("opening after the deadline passed is refused", async () => {
    const clock = fixedClock(Date.UTC(2026, 10, 30, 2));
    const alliance = await makeAlliance(db, { clock });
    const { campaignId } = makeCampaign(alliance, { open: false, deadlineAt: clock.now() + 1000 });
    clock.advance(2000);
    expect(refusedWithoutWriting(() => openCampaign(alliance.ctx, campaignId, newId())).key).toBe(
      "alliance.campaign.deadlinePast",
    );
  });

  it("立即截单 moves the deadline to now and brings the close job forward", async () => {
    const clock = fixedClock(Date.UTC(2026, 10, 30, 2));
    const alliance = await makeAlliance(db, { clock });
    const { campaignId } = makeCampaign(alliance);
    clock.advance(5);
    const now = clock.now();
    closeCampaignNow(alliance.ctx, campaignId, newId());
    expect(db.select().from(campaigns).where(eq(campaigns.id, campaignId)).get()!.deadlineAt).toBe(now);
    const closeJobs = db
      .select()
      .from(jobs)
      .where(eq(jobs.uniqueKey, `campaign.close:${campaignId}`))
      .all();
    expect(closeJobs.map((j) => j.runAt)).toEqual([now]);
  });

  it("tenancy: another alliance's campaign is NotFound; a store sees only its active alliances' non-draft campaigns", async () => {
    const alliance = await makeAlliance(db);
    const other = await makeAlliance(db);
    const { campaignId } = makeCampaign(alliance);
    const draft = makeCampaign(alliance, { open: false }).campaignId;
    expect(errorOf(() => findCampaign(db, other.ctx, campaignId)).status).toBe(404);
    expect(refusedWithoutWriting(() => openCampaign(other.ctx, draft, newId())).status).toBe(404);
    expect(refusedWithoutWriting(() => closeCampaignNow(other.ctx, campaignId, newId())).status).toBe(404);

    const member = await makeStore(db);
    const outsider = await makeStore(db);
    addMemberStore(alliance, member);
    addMemberStore(alliance, outsider, { status: "removed" });
    expect(campaignForMember(db, member.ctx, campaignId).id).toBe(campaignId);
    expect(errorOf(() => campaignForMember(db, member.ctx, draft)).status).toBe(404);
    expect(errorOf(() => campaignForMember(db, outsider.ctx, campaignId)).status).toBe(404);
    expect(db.select().from(campaignTiers).where(eq(campaignTiers.campaignId, campaignId)).all()).toHaveLength(3);
  });
});

describe("progress, home and cancel", () => {
  async function pledged() {
    const alliance = await makeAlliance(db);
    const { campaignId } = makeCampaign(alliance);
    const stores = [await makeStore(db), await makeStore(db), await makeStore(db)];
    const now = alliance.ctx.clock.now();
    const rows = [120, 200, 40].map((packs, i) => {
      addMemberStore(alliance, stores[i]);
      const id = newId();
      db.insert(pledges)
        .values({
          id,
          campaignId,
          allianceOrgId: alliance.org.id,
          storeOrgId: stores[i].org.id,
          packs,
          status: i === 2 ? "withdrawn" : "active",
          depositFen: packs * 520,
          createdAt: now,
          updatedAt: now,
        })
        .run();
      // Deposits recorded offline (no payment keys), as the payments module does.
      db.insert(payments)
        .values({
          id: newId(),
          orgId: stores[i].org.id,
          payeeOrgId: alliance.org.id,
          subject: "pledge_deposit",
          subjectId: id,
          amountFen: packs * 520,
          provider: "offline",
          status: "offline",
          createdAt: now,
          updatedAt: now,
        })
        .run();
      return id;
    });
    return { alliance, campaignId, stores, rows };
  }

  it("counts only active pledges toward the tiers, and shows each pledge's deposit status", async () => {
    const { alliance, campaignId } = await pledged();
    const d = campaignDetail(alliance.ctx, campaignId);
    expect([d.totalPacks, d.members, d.depositsFen, d.reached?.index, d.next?.packsToGo, d.moqMet]).toEqual([
      320,
      2,
      166_400,
      1,
      280,
      true,
    ]);
    expect(d.pledges.map((p) => [p.packs, p.status, p.payment?.status])).toEqual([
      [200, "active", "offline"],
      [120, "active", "offline"],
      [40, "withdrawn", "offline"],
    ]);
    expect(d.can).toEqual({ edit: false, open: false, cancel: true, closeNow: true });
    const home = allianceHome(alliance.ctx);
    expect(home.running.map((c) => [c.id, c.totalPacks, c.members])).toEqual([[campaignId, 320, 2]]);
  });

  it("cancel with a reason releases every deposit and tells each store that pledged; a closed campaign cannot be cancelled", async () => {
    const { alliance, campaignId, stores, rows } = await pledged();
    const requestId = newId();
    expect(cancelCampaign(alliance.ctx, campaignId, { requestId, reason: "厂家断货" }).notified).toBe(3);
    expect(cancelCampaign(alliance.ctx, campaignId, { requestId, reason: "厂家断货" }).notified).toBe(3); // retried: same answer
    expect(findCampaign(db, alliance.ctx, campaignId)).toMatchObject({ status: "cancelled", cancelReason: "厂家断货" });
    const deposits = rows.map((id) => db.select().from(payments).where(eq(payments.subjectId, id)).get()!.status);
    expect(deposits).toEqual(["canceled", "canceled", "canceled"]);
    for (const store of stores) {
      expect(
        db
          .select()
          .from(notifications)
          .where(eq(notifications.orgId, store.org.id))
          .all()
          .map((n) => n.messageKey),
      ).toEqual(["alliance.notice.cancelled"]);
    }
    expect(
      refusedWithoutWriting(() => cancelCampaign(alliance.ctx, campaignId, { requestId: newId(), reason: "再取消" }))
        .key,
    ).toBe("alliance.campaign.cannotCancel");
  });
});

describe("permissions (checked by the domain, whoever calls)", () => {
  it("a clerk may not apply for the store; a store may not draft or open a campaign; the coordinator may not pledge", async () => {
    const alliance = await makeAlliance(db);
    const clerk = await makeStore(db, { role: "clerk" });
    expect(refusedWithoutWriting(() => applyToAlliance(clerk.ctx, alliance.org.id)).status).toBe(403);
    const { campaignId, input } = makeCampaign(alliance, { open: false });
    const store = await makeStore(db);
    addMemberStore(alliance, store);
    expect(refusedWithoutWriting(() => createCampaign(store.ctx, { ...input, requestId: newId() })).status).toBe(403);
    expect(refusedWithoutWriting(() => openCampaign(store.ctx, campaignId, newId())).status).toBe(403);
    expect(
      refusedWithoutWriting(() =>
        pledge(alliance.ctx, { requestId: newId(), campaignId, packs: 1, priceFen: input.tiers[0].priceFen }),
      ).status,
    ).toBe(403);
  });

  it("the system (a job) may close a campaign, and nothing else a coordinator does", async () => {
    const clock = fixedClock(Date.UTC(2026, 10, 30, 2));
    const alliance = await makeAlliance(db, { clock });
    const sys = systemCtx(db, alliance.org.id, clock);
    const { campaignId, input } = makeCampaign(alliance);
    const draft = makeCampaign(alliance, { open: false }).campaignId;
    for (const act of [
      () => createCampaign(sys, { ...input, requestId: newId() }),
      () => openCampaign(sys, draft, newId()),
      () => closeCampaignNow(sys, campaignId, newId()),
      () => cancelCampaign(sys, campaignId, { requestId: newId(), reason: "x" }),
      () =>
        createSupplier(sys, {
          requestId: newId(),
          name: "x",
          contactName: null,
          contactPhone: null,
          licenceNo: null,
          address: null,
        }),
    ])
      expect(refusedWithoutWriting(act).status).toBe(403);
    clock.set(input.deadlineAt);
    expect(closeCampaign(sys, campaignId).status).toBe("failed");
  });
});
