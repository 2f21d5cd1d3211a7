import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../client";
import { ownerCtx } from "./owners";
import { catalogItems, distributorLinks, memberships, organisations, products, restockOrders, users } from "../schema";
import type { Actor, Ctx } from "../../app/domain/context.server";
import { addDays, shanghaiDate, shanghaiDayStart, type Clock } from "../../app/domain/dates";
import { newId } from "../../app/domain/ids.server";
import { openCampaign } from "../../app/domain/alliances/campaign-moves.server";
import { closeCampaign } from "../../app/domain/alliances/close-campaign.server";
import { seedTraceBatch } from "./trace";
import { applyToAlliance, decideMembership } from "../../app/domain/alliances/memberships.server";
import { pledge } from "../../app/domain/alliances/pledge.server";
import { createCampaign } from "../../app/domain/alliances/save-campaign.server";
import { addCertificate, addSupplierProduct, createSupplier } from "../../app/domain/alliances/suppliers.server";
import type { Tier } from "../../app/domain/alliances/tiers";
import { deliverStop, deliverStopSchema } from "../../app/domain/fulfilment/deliver-stop.server";
import { dispatchRun } from "../../app/domain/fulfilment/dispatch-run.server";
import { completeRun } from "../../app/domain/fulfilment/complete-run.server";
import { orderLines } from "../../app/domain/fulfilment/run-rows.server";
import { startPicking } from "../../app/domain/fulfilment/start-picking.server";
import { receiveOrder } from "../../app/domain/restock/receive-order.server";
import type { At } from "./moments";

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

export type AllianceSeed = {
  db: Db;
  now: number;
  clock: Clock;
  at: At;
  allianceId: string;
  coordinator: Actor;
  driver: Actor;
  distributorId: string;
};

// Three 金龙鱼 lines the distributor already carries (same barcodes), so campaign orders ride its vans.
const PRODUCTS = ["金龙鱼黄金比例食用调和油 5L", "金龙鱼精炼一级大豆油 5L", "金龙鱼东北大米 5kg"];

/** The demo's linked stores with their owners' contexts, oldest link first (the two showcase stores lead). */
function linkedStores(db: Db, distributorId: string, clock: Clock): Ctx[] {
  return db
    .select({
      id: organisations.id,
      name: organisations.name,
      userId: users.id,
      userName: users.name,
      phone: users.phone,
    })
    .from(distributorLinks)
    .innerJoin(organisations, eq(organisations.id, distributorLinks.storeOrgId))
    .innerJoin(memberships, and(eq(memberships.orgId, organisations.id), eq(memberships.role, "owner")))
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(distributorLinks.distributorOrgId, distributorId), eq(distributorLinks.status, "active")))
    .orderBy(asc(distributorLinks.requestedAt))
    .all()
    .map((s) => ownerCtx(db, clock, s));
}

const tiersFrom = (casePriceFen: number): Tier[] =>
  [
    [40, 0.92],
    [120, 0.89],
    [240, 0.86],
  ].map(([minPacks, f]) => ({ minPacks, priceFen: Math.round((casePriceFen * f) / 10) * 10 }));

/**
 * 兰考县便民店采购联盟: ten member stores and two waiting for approval, a supplier with its
 * certificates and three products, one campaign delivered a month ago (savings recorded at each
 * store's receipt) and one open now with a few pledges (deposits settled by hand: offline mode). Everything goes
 * through the use cases, each at its moment of the story, like the restock month.
 */
export async function seedAlliance(seed: AllianceSeed) {
  const { db, now, at, allianceId, coordinator, distributorId } = seed;
  const ctx: Ctx = {
    db,
    actor: coordinator,
    org: { id: allianceId, kind: "alliance", name: "兰考县便民店采购联盟" },
    role: "coordinator",
    locale: "zh-CN",
    clock: seed.clock,
  };
  const dist: Ctx = {
    db,
    actor: coordinator,
    org: { id: distributorId, kind: "distributor", name: "兰考县城乡商贸配送中心" },
    role: "admin",
    locale: "zh-CN",
    clock: seed.clock,
  };
  const driver: Ctx = { ...dist, actor: seed.driver, role: "driver" };
  const stores = linkedStores(db, distributorId, seed.clock);
  const members = stores.slice(0, 10);
  const waiting = stores.slice(10, 12);

  members.forEach((store, i) => {
    const { memberId } = at(now - (38 - i * 0.2) * DAY, () => applyToAlliance(store, allianceId));
    at(now - (37.5 - i * 0.2) * DAY, () => decideMembership(ctx, memberId, "approve", null));
  });
  waiting.forEach((store, i) => at(now - (1 + i) * DAY, () => applyToAlliance(store, allianceId)));

  const supplierSince = now - 40 * DAY;
  const { supplierId } = at(supplierSince, () =>
    createSupplier(ctx, {
      requestId: newId(),
      name: "豫东粮油经销有限公司",
      contactName: "刘经理",
      contactPhone: "0371-6588 2210",
      licenceNo: "91410200MA44X7K21R",
      address: "开封市禹王台区汴京路 18 号",
    }),
  );
  const today = shanghaiDate(now);
  const certificates = [
    {
      kind: "licence" as const,
      title: "营业执照",
      number: "91410200MA44X7K21R",
      validFrom: "2021-03-01",
      validUntil: "2041-02-28",
    },
    {
      kind: "licence" as const,
      title: "食品经营许可证",
      number: "JY14102040012345",
      validFrom: "2022-06-10",
      validUntil: addDays(today, 400),
    },
    {
      kind: "compliance" as const,
      title: "食用农产品承诺达标合格证",
      number: "HG-2026-0815",
      validFrom: addDays(today, -60),
      validUntil: addDays(today, 20),
    },
    {
      kind: "inspection" as const,
      title: "检验报告（大豆油 酸价、过氧化值）",
      number: "JC2026-11-0321",
      validFrom: addDays(today, -400),
      validUntil: addDays(today, -35),
    },
  ];
  for (const c of certificates) at(supplierSince, () => addCertificate(ctx, supplierId, { requestId: newId(), ...c }));

  const skus = db
    .select({
      id: products.id,
      name: products.name,
      barcode: products.barcode,
      baseUnit: products.baseUnit,
      packUnit: products.packUnit,
      packSize: products.packSize,
      casePriceFen: catalogItems.casePriceFen,
    })
    .from(products)
    .innerJoin(catalogItems, eq(catalogItems.productId, products.id))
    .where(and(eq(products.orgId, distributorId), inArray(products.name, PRODUCTS)))
    .all()
    .sort((a, b) => PRODUCTS.indexOf(a.name) - PRODUCTS.indexOf(b.name));
  const supplied = skus.map((sku) => ({
    sku,
    id: at(supplierSince, () =>
      addSupplierProduct(ctx, supplierId, {
        requestId: newId(),
        name: sku.name,
        barcode: sku.barcode,
        spec: sku.name.split(" ").at(-1) ?? null,
        baseUnit: sku.baseUnit,
        packUnit: sku.packUnit ?? "箱",
        packSize: sku.packSize,
      }),
    ).productId,
  }));
  if (supplied.length < 2) return; // a trimmed catalog: memberships and the supplier are still shown

  // A month ago: 大豆油, pledged by six members, tier 2 reached, delivered and received.
  const past = supplied[1];
  const created = now - 38 * DAY;
  const deadline = now - 36 * DAY;
  const { campaignId: pastId } = at(created, () =>
    createCampaign(ctx, {
      requestId: newId(),
      title: "金龙鱼大豆油 5L 十一月团购",
      description: "厂家直供批次，成团后随配送中心东线、西线、北线送达。",
      supplierProductId: past.id,
      tiers: tiersFrom(past.sku.casePriceFen),
      moqPacks: 40,
      capPacks: 40,
      deadlineAt: deadline,
      distributorOrgId: distributorId,
      expectedDeliveryDate: shanghaiDate(deadline + 2 * DAY),
      depositBp: 0,
    }),
  );
  at(created + HOUR, () => openCampaign(ctx, pastId, newId()));
  const pastTiers = tiersFrom(past.sku.casePriceFen);
  [30, 24, 20, 18, 16, 12].forEach((packs, i) => {
    const t = created + (2 + i * 5) * HOUR;
    at(t, () => pledge(members[i], { requestId: newId(), campaignId: pastId, packs, priceFen: pastTiers[0].priceFen }));
  });
  const closed = at(deadline + 5 * 60_000, () => closeCampaign(ctx, pastId));
  // Issue 15: its supplier batch reaches the warehouse before the vans leave (db/seed/trace.ts).
  seedTraceBatch({ db, at, alliance: ctx, distributor: dist, campaignId: pastId, when: deadline + 10 * 60_000 });
  deliverAndReceive({ db, at, dist, driver, members, orderIds: closed.orders.map((o) => o.orderId) });

  // Now: 调和油, open for four more days, five pledges so far, deposits settled by hand.
  const open = supplied[0];
  const openTiers = tiersFrom(open.sku.casePriceFen);
  const openedAt = now - 3 * DAY;
  const { campaignId } = at(openedAt, () =>
    createCampaign(ctx, {
      requestId: newId(),
      title: "金龙鱼调和油 5L 年货团购",
      description: "春节备货。满 240 箱可拿到最低价；定金按第一档价格的 10% 收取，未成团全额退还。",
      supplierProductId: open.id,
      tiers: openTiers,
      moqPacks: 40,
      capPacks: 50,
      deadlineAt: now + 4 * DAY,
      distributorOrgId: distributorId,
      expectedDeliveryDate: shanghaiDate(now + 7 * DAY),
      depositBp: 1000,
    }),
  );
  at(openedAt + HOUR, () => openCampaign(ctx, campaignId, newId()));
  const pledges: [number, number][] = [
    [1, 30],
    [2, 20],
    [3, 25],
    [5, 15],
    [7, 10],
  ];
  for (const [i, packs] of pledges) {
    const t = openedAt + (3 + i * 7) * HOUR;
    // The demo has no payment keys (offline mode): the deposit is settled with the alliance by
    // hand, so nothing is paid online — payDeposit refuses offline (payments.offlineDeposit).
    at(t, () => pledge(members[i], { requestId: newId(), campaignId, packs, priceFen: openTiers[0].priceFen }));
  }
}

/** The campaign orders go out on their runs, are delivered with their codes and received in full. */
function deliverAndReceive({
  db,
  at,
  dist,
  driver,
  members,
  orderIds,
}: {
  db: Db;
  at: At;
  dist: Ctx;
  driver: Ctx;
  members: Ctx[];
  orderIds: string[];
}) {
  const orders = orderIds.map((id) => db.select().from(restockOrders).where(eq(restockOrders.id, id)).get()!);
  const runs = new Map<string, typeof orders>();
  for (const o of orders) if (o.runId) runs.set(o.runId, [...(runs.get(o.runId) ?? []), o]);
  for (const [runId, onRun] of runs) {
    const day = shanghaiDayStart(onRun[0].deliveryDate);
    at(day + 5 * HOUR, () => startPicking(dist, runId, { requestId: newId() }));
    at(day + 7 * HOUR, () => dispatchRun(dist, runId, { requestId: newId() }));
    onRun.forEach((o, i) => {
      const t = day + (8.5 + i * 0.6) * HOUR;
      at(t, () =>
        deliverStop(
          driver,
          runId,
          deliverStopSchema.parse({
            requestId: newId(),
            orderId: o.id,
            code: o.deliveryCode,
            signedBy: "",
            cashFen: "",
            method: "cash",
          }),
        ),
      );
      const store = members.find((m) => m.org.id === o.storeOrgId)!;
      const lines = orderLines(db, dist, o.id).map((l) => ({
        lineId: l.id,
        receivedPacks: l.pickedPacks ?? l.qtyPacks,
        damagedPacks: 0,
      }));
      at(t + 2 * HOUR, () => receiveOrder(store, o.id, { requestId: newId(), lines }));
    });
    at(day + 17 * HOUR, () => completeRun(dist, runId, { requestId: newId() }));
  }
}
