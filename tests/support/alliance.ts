import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { allianceMembers } from "../../db/schema";
import type { Ctx } from "../../app/domain/context.server";
import { newId } from "../../app/domain/ids.server";
import { openCampaign } from "../../app/domain/alliances/campaign-moves.server";
import type { CampaignInput } from "../../app/domain/alliances/campaign-fields.server";
import { createCampaign } from "../../app/domain/alliances/save-campaign.server";
import { addSupplierProduct, createSupplier } from "../../app/domain/alliances/suppliers.server";
import type { Tier } from "../../app/domain/alliances/tiers";
import { addDays, fixedClock, shanghaiDate, type Clock } from "../../app/domain/dates";
import { PINNED_NOW, serverClock } from "./clock";
import { addMember, makeOrg, makeUser, uniqueBarcode } from "./factories";
import { linkStore, makeSku } from "./distribution";

/** Where a group-buy world's clock stands unless a test says otherwise: the tests' pinned "now". */
export const ALLIANCE_TEST_START = PINNED_NOW;

/**
 * The clock of the built server that HTTP and browser tests talk to (its appClock). A world laid
 * down directly on a test server's database must be on it, or the pages would judge deadlines
 * by another "now".
 */
export { serverClock };

export type Alliance = { user: Awaited<ReturnType<typeof makeUser>>; org: Ctx["org"]; ctx: Ctx };

/**
 * An alliance organisation (兰考县, like makeStore's stores) with its coordinator's ctx, on
 * `clock` (by default a pinned clock of its own at ALLIANCE_TEST_START). Stores that join it
 * (addMemberStore) are moved onto the same clock: one world, one "now".
 */
export async function makeAlliance(db: Db, { clock = fixedClock(ALLIANCE_TEST_START) }: { clock?: Clock } = {}) {
  const user = await makeUser(db);
  const org = makeOrg(db, "alliance");
  addMember(db, org.id, user.id, "coordinator");
  const ctx: Ctx = {
    db,
    actor: { kind: "person", id: user.id, name: user.name, phone: user.phone },
    org,
    role: "coordinator",
    locale: "zh-CN",
    clock,
  };
  return { user, org, ctx } satisfies Alliance;
}

/**
 * The store as an ACTIVE member of the alliance (written directly: the request/approve flow has
 * its own tests). With `distributor`, the store is also an active link of that distributor on
 * the route (so member orders can flow into its runs). The store's ctx (and the distributor's)
 * is put on the alliance's clock. Returns the membership id.
 */
export function addMemberStore(
  alliance: Alliance,
  store: { org: Ctx["org"]; ctx: Ctx },
  {
    distributor,
    routeId,
    status = "active",
  }: { distributor?: Ctx; routeId?: string; status?: "active" | "requested" | "removed" | "rejected" } = {},
): string {
  const db = alliance.ctx.db;
  store.ctx.clock = alliance.ctx.clock;
  if (distributor) distributor.clock = alliance.ctx.clock;
  const id = newId();
  const now = alliance.ctx.clock.now();
  db.insert(allianceMembers)
    .values({
      id,
      allianceOrgId: alliance.org.id,
      storeOrgId: store.org.id,
      status,
      requestedAt: now,
      decidedAt: status === "requested" ? null : now,
      decidedBy: alliance.user.id,
    })
    .run();
  if (distributor) {
    if (!routeId) throw new Error("addMemberStore: a distributor link needs a routeId");
    linkStore(store.ctx, distributor, { routeId });
  }
  return id;
}

/** Changes a membership's status directly (e.g. "removed"), for tests of what a removed member may do. */
export function setMembershipStatus(
  alliance: Alliance,
  storeOrgId: string,
  status: "active" | "requested" | "removed" | "rejected",
) {
  alliance.ctx.db
    .update(allianceMembers)
    .set({ status })
    .where(and(eq(allianceMembers.allianceOrgId, alliance.org.id), eq(allianceMembers.storeOrgId, storeOrgId)))
    .run();
}

/** A supplier with one product (valid EAN-13, 12 per case by default). */
export function makeSupplierWithProduct(
  alliance: Alliance,
  product: Partial<{
    name: string;
    barcode: string | null;
    packSize: number;
    baseUnit: string;
    packUnit: string;
    spec: string | null;
  }> = {},
) {
  const { supplierId } = createSupplier(alliance.ctx, {
    requestId: newId(),
    name: `测试食品厂-${newId().slice(0, 4)}`,
    contactName: "王经理",
    contactPhone: "0371-12345678",
    licenceNo: "SC10141022500001",
    address: null,
  });
  const input = {
    requestId: newId(),
    name: product.name ?? "金龙鱼大豆油 5L",
    barcode: product.barcode === undefined ? uniqueBarcode() : product.barcode,
    spec: product.spec ?? "5L",
    baseUnit: product.baseUnit ?? "桶",
    packUnit: product.packUnit ?? "箱",
    packSize: product.packSize ?? 4,
  };
  const { productId } = addSupplierProduct(alliance.ctx, supplierId, input);
  return { supplierId, productId, ...input };
}

export const DEFAULT_TIERS: Tier[] = [
  { minPacks: 100, priceFen: 5200 },
  { minPacks: 300, priceFen: 4950 },
  { minPacks: 600, priceFen: 4700 },
];

export type MakeCampaignOptions = Partial<
  Omit<CampaignInput, "requestId" | "supplierProductId" | "distributorOrgId">
> & {
  /** The fulfilling distributor's ctx: a catalog SKU with the product's barcode and pack is created in it. */
  distributor?: Ctx;
  /** The distributor's regular case price of that SKU, in fen. */
  distributorCasePriceFen?: number;
  /** An existing supplier product; by default a new supplier with one product is made. */
  supplierProductId?: string;
  open?: boolean;
};

/**
 * A campaign through the real use cases (createCampaign, then openCampaign when `open`).
 * Defaults: the three tiers of the issue (100/300/600 packs at ¥52.00/49.50/47.00), MOQ 100,
 * no cap, deadline in 3 days, delivery 3 days after it, 10 % deposit, supplier direct; all as of
 * the alliance's clock.
 */
export function makeCampaign(alliance: Alliance, options: MakeCampaignOptions = {}) {
  const now = alliance.ctx.clock.now();
  const goods = options.supplierProductId
    ? { productId: options.supplierProductId, barcode: null as string | null, packSize: 0 }
    : makeSupplierWithProduct(alliance, { packSize: 12 });
  let distributorProductId: string | null = null;
  if (options.distributor) {
    if (!goods.barcode) throw new Error("makeCampaign: pass no supplierProductId when a distributor SKU is to be made");
    distributorProductId = makeSku(options.distributor, {
      name: "金龙鱼大豆油 5L",
      barcode: goods.barcode,
      packSize: goods.packSize,
      baseUnit: "桶",
      casePriceFen: options.distributorCasePriceFen ?? 5600,
    }).id;
  }
  const deadlineAt = options.deadlineAt ?? now + 3 * 86_400_000;
  const input: CampaignInput = {
    requestId: newId(),
    title: options.title ?? null,
    description: options.description ?? "测试团购",
    supplierProductId: goods.productId,
    tiers: options.tiers ?? DEFAULT_TIERS,
    moqPacks: options.moqPacks ?? (options.tiers ?? DEFAULT_TIERS)[0].minPacks,
    capPacks: options.capPacks ?? null,
    deadlineAt,
    distributorOrgId: options.distributor?.org.id ?? null,
    expectedDeliveryDate: options.expectedDeliveryDate ?? addDays(shanghaiDate(deadlineAt), 3),
    depositBp: options.depositBp ?? 1000,
  };
  const { campaignId } = createCampaign(alliance.ctx, input);
  if (options.open ?? true) openCampaign(alliance.ctx, campaignId, newId());
  return { campaignId, supplierProductId: goods.productId, barcode: goods.barcode, distributorProductId, input };
}
