import type { Db } from "../client";
import { memberships, organisations, users } from "../schema";
import type { Actor, Ctx } from "../../app/domain/context.server";
import { addDays, shanghaiDate, type Clock } from "../../app/domain/dates";
import { newId } from "../../app/domain/ids.server";
import { placeCodeFor } from "../../app/domain/county/places.server";
import { acceptLink } from "../../app/domain/distribution/decide-link.server";
import { requestLink } from "../../app/domain/distribution/request-link.server";
import { createCatalogItem } from "../../app/domain/distribution/save-catalog-item.server";
import { createPriceList, setListPrice } from "../../app/domain/distribution/save-price-list.server";
import { createRoute } from "../../app/domain/distribution/save-route.server";
import { receiveWarehouseStock } from "../../app/domain/inventory/receive-stock.server";
import type { At } from "./moments";
import { demoCatalog, type DemoProduct } from "./catalog";
import { DEMO_ROUTES, demoShops } from "./distribution-places";
import { seedRestockMonth, type Seat, type Sku } from "./restock-month";

const DAY = 24 * 60 * 60 * 1000;
const LANKAO = { province: "河南省", city: "开封市", county: "兰考县", countyCode: "410225" } as const;
// The alliance negotiated the everyday staples; its members get them cheaper.
const ALLIANCE_CATEGORIES = new Set(["饮料", "方便食品", "粮油调味", "乳制品"]);
const STAPLES = new Set(["饮料", "方便食品", "粮油调味", "休闲零食", "乳制品", "日用百货"]);

export type DistributionSeed = {
  db: Db;
  now: number;
  /** The story's clock, and how to run a use case at a moment of it (moments.ts). */
  clock: Clock;
  at: At;
  random: () => number;
  passwordHash: string;
  admin: Actor;
  driver: Actor;
  distributorId: string;
  /** 张庄村便民超市 and 杨庄村小卖部, the original demo stores (both on 东线). */
  demoStores: [Ctx, Ctx];
  shelfLife: Record<string, [number, number] | null>;
};

/**
 * The 兰考县 distributor's side of the demo: its catalog and warehouse, an alliance price list,
 * three routes, forty linked village stores, then a month of restock orders (restock-month.ts).
 */
export function seedDistribution(seed: DistributionSeed) {
  const { db, now, random, distributorId, admin, at } = seed;
  const dist: Ctx = {
    db,
    actor: admin,
    org: { id: distributorId, kind: "distributor", name: "兰考县城乡商贸配送中心" },
    role: "admin",
    locale: "zh-CN",
    clock: seed.clock,
  };
  const driverCtx: Ctx = { ...dist, actor: seed.driver, role: "driver" };

  const skus = at(now - 45 * DAY, () => seedCatalog(dist, random));
  stockWarehouse(dist, at, skus, seed, now - 35 * DAY, [30, 70]);
  stockWarehouse(dist, at, skus, seed, now - 16 * DAY, [20, 50]);
  const allianceList = at(now - 44 * DAY, () => {
    const { id } = createPriceList(dist, { requestId: newId(), name: "采购联盟会员价" });
    for (const sku of skus.filter((s) => ALLIANCE_CATEGORIES.has(s.category))) {
      setListPrice(dist, id, { productId: sku.id, casePriceFen: Math.round((sku.casePriceFen * 0.96) / 10) * 10 });
    }
    return id;
  });
  const routes = DEMO_ROUTES.map((r) => ({
    ...r,
    id: at(now - 44 * DAY, () =>
      createRoute(dist, {
        requestId: newId(),
        name: r.name,
        areas: r.townships.join("、"),
        weekdays: r.weekdays,
        cutoffTime: "18:00",
        cutoffDaysBefore: 1,
        active: true,
      }),
    ).id,
  }));

  const stores = [
    { ctx: seed.demoStores[0], route: "东线" },
    { ctx: seed.demoStores[1], route: "东线" },
    ...demoShops().map((shop) => ({ ctx: newStore(seed, shop), route: shop.route })),
  ];
  const stops = new Map<string, number>();
  const seats: Seat[] = stores.map(({ ctx, route }, i) => {
    const routeId = routes.find((r) => r.name === route)!.id;
    const stopSeq = (stops.get(routeId) ?? 0) + 1;
    stops.set(routeId, stopSeq);
    const member = i < 2 || i % 3 === 0;
    const onAccount = i === 0 || (i !== 1 && random() < 0.4);
    const creditLimitFen = onAccount ? (i === 0 ? 800_000 : (4 + Math.floor(random() * 5)) * 100_000) : 0;
    const linkId = at(now - (40 - i / 4) * DAY, () =>
      requestLink(ctx, { distributorOrgId: distributorId, note: null }),
    ).id;
    at(now - (39 - i / 4) * DAY, () =>
      acceptLink(dist, linkId, {
        requestId: newId(),
        routeId,
        priceListId: member ? allianceList : null,
        stopSeq,
        paymentTerms: onAccount ? "account" : "cod",
        creditLimitFen,
      }),
    );
    return {
      ctx,
      routeId,
      stopSeq,
      terms: onAccount ? "account" : "cod",
      member,
      favourites: favouritesOf(skus, random, i === 0 ? 60 : 25 + Math.floor(random() * 20)),
      keen: i === 0 ? 1 : 0.35 + random() * 0.5,
      showcase: i === 0,
    };
  });

  const prices = new Map(skus.map((s) => [s.id, s.casePriceFen]));
  const memberPrices = new Map(
    skus.map((s) => [
      s.id,
      ALLIANCE_CATEGORIES.has(s.category) ? Math.round((s.casePriceFen * 0.96) / 10) * 10 : s.casePriceFen,
    ]),
  );
  seedRestockMonth({
    db,
    now,
    random,
    at,
    dist,
    driver: driverCtx,
    routes,
    seats,
    priceOf: (seat, sku) => (seat.member ? memberPrices : prices).get(sku.id)!,
  });
}

function seedCatalog(dist: Ctx, random: () => number): Sku[] {
  const aisles = new Map<string, string>();
  const slots = new Map<string, number>();
  return demoCatalog
    .filter((p): p is DemoProduct & { barcode: string } => p.barcode !== null)
    .map((p) => {
      // One aisle per category, four levels to a rack: "A-03-2".
      const aisle = aisles.get(p.category) ?? String.fromCharCode(65 + aisles.size);
      aisles.set(p.category, aisle);
      const slot = slots.get(p.category) ?? 0;
      slots.set(p.category, slot + 1);
      // Wholesale is 5-14 % under what the shop pays its current suppliers for a pack.
      const casePriceFen = Math.max(100, Math.round((p.costFen * p.packSize * (0.86 + random() * 0.09)) / 10) * 10);
      const minOrderPacks = casePriceFen < 3000 && p.packSize > 1 ? 2 : 1;
      const { id } = createCatalogItem(dist, {
        requestId: newId(),
        name: p.name,
        barcode: p.barcode,
        category: p.category,
        baseUnit: p.baseUnit,
        packUnit: p.packUnit,
        packSize: p.packSize,
        casePriceFen,
        minOrderPacks,
        shelfLocation: `${aisle}-${String(Math.floor(slot / 4) + 1).padStart(2, "0")}-${(slot % 4) + 1}`,
        reorderPacks: 5,
        active: true,
      });
      return { id, name: p.name, category: p.category, packSize: p.packSize, casePriceFen, minOrderPacks };
    });
}

/** A delivery from the manufacturers into the county warehouse, with batches and dates. */
function stockWarehouse(
  dist: Ctx,
  at: At,
  skus: Sku[],
  seed: DistributionSeed,
  when: number,
  [lo, hi]: [number, number],
) {
  const received = shanghaiDate(when);
  at(when, () => {
    for (const sku of skus) {
      const life = seed.shelfLife[sku.category];
      receiveWarehouseStock(dist, sku.id, {
        requestId: newId(),
        qty: lo + Math.floor(seed.random() * (hi - lo)),
        unit: "pack",
        costFen: Math.round((sku.casePriceFen * 0.9) / 10) * 10,
        batchNo: life ? `${received.replaceAll("-", "")}${1 + Math.floor(seed.random() * 9)}` : "",
        expiryDate: life ? addDays(received, life[0] + Math.floor(seed.random() * (life[1] - life[0]))) : "",
      });
    }
  });
}

/** A shop owner's account and shop, as if they had signed up two months ago. */
function newStore(seed: DistributionSeed, shop: ReturnType<typeof demoShops>[number]): Ctx {
  const { db, now } = seed;
  const user = { id: newId(), phone: shop.phone, name: shop.owner };
  const orgId = newId();
  const name = shop.name;
  const createdAt = now - 60 * DAY;
  db.insert(users)
    .values({ ...user, passwordHash: seed.passwordHash, locale: "zh-CN", createdAt })
    .run();
  db.insert(organisations)
    .values({
      id: orgId,
      kind: "store",
      name,
      ...LANKAO,
      township: shop.township,
      village: shop.village,
      placeCode: placeCodeFor(db, { ...LANKAO, township: shop.township, village: shop.village }),
      isDemo: true,
      createdAt,
      contactPhone: shop.phone,
    })
    .run();
  db.insert(memberships).values({ id: newId(), orgId, userId: user.id, role: "owner", createdAt }).run();
  return {
    db,
    actor: { kind: "person", ...user },
    org: { id: orgId, kind: "store", name },
    role: "owner",
    locale: "zh-CN",
    clock: seed.clock,
  };
}

/** What a shop usually buys: mostly staples, some of everything else. */
function favouritesOf(skus: Sku[], random: () => number, n: number): Sku[] {
  const weighted = skus.map((s) => ({ s, w: random() * (STAPLES.has(s.category) ? 3 : 1) }));
  return weighted
    .sort((a, b) => b.w - a.w)
    .slice(0, n)
    .map((x) => x.s);
}
