import { eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { memberships, organisations, products, users, type OrgKind, type Role } from "../schema";
import type { Ctx } from "../../app/domain/context.server";
import { newId } from "../../app/domain/ids.server";
import { placeCodeFor } from "../../app/domain/county/places.server";
import { hashPassword } from "../../app/domain/identity/password.server";
import { adjustStock } from "../../app/domain/inventory/adjust-stock.server";
import { countStock } from "../../app/domain/inventory/count-stock.server";
import { receiveStock } from "../../app/domain/inventory/receive-stock.server";
import { createProduct } from "../../app/domain/inventory/save-product.server";
import { addDays, shanghaiDate, systemClock } from "../../app/domain/dates";
import { demoCatalog, type DemoProduct } from "./catalog";
import { seedDistribution } from "./distribution";
import { seedAlliance } from "./alliance";
import { showcaseSettlesEarlierDeliveries } from "./newuser";
import { seedRecall } from "./recall";
import { seedNegotiation } from "./negotiation";
import { seedProduce } from "./produce";
import { seedTraceSale } from "./trace";
import { COUNTY_ACCOUNT, seedCounty } from "./county";
import { storyClock, type At } from "./moments";
import { seedCustomers, seedSalesDays, type SalesSeed } from "./sales";

export const DEMO_PASSWORD = "demo1234";
export const DEMO_ACCOUNTS = [
  { phone: "13800000001", name: "张秀兰", note: "店主：张庄村便民超市、杨庄村小卖部" },
  { phone: "13800000002", name: "李明", note: "店员：张庄村便民超市" },
  { phone: "13800000003", name: "王建国", note: "配送商管理员 + 采购联盟协调员" },
  { phone: "13800000004", name: "赵师傅", note: "配送司机：兰考县城乡商贸配送中心" },
] as const;

const LANKAO = { province: "河南省", city: "开封市", county: "兰考县", countyCode: "410225" } as const;
const DAY = 24 * 60 * 60 * 1000;

/** Deterministic randomness, so every demo database tells the same story. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Days of shelf life by category; goods without a date (daily goods, seeds) have none.
export const SHELF_LIFE_DAYS: Record<string, [number, number] | null> = {
  饮料: [90, 360],
  方便食品: [60, 180],
  粮油调味: [120, 540],
  休闲零食: [45, 270],
  乳制品: [3, 60],
  烟酒: null,
  日用百货: null,
  种子化肥: null,
  个人护理: null,
  文具玩具: null,
};

export class NotADemoDatabase extends Error {}

export function printDemoAccounts() {
  console.log(`\n演示账号 Demo accounts (password 密码: ${DEMO_PASSWORD})`);
  for (const a of DEMO_ACCOUNTS) console.log(`  ${a.phone}  ${a.name}  ${a.note}`);
  console.log(`  ${COUNTY_ACCOUNT.phone}  ${COUNTY_ACCOUNT.name}  ${COUNTY_ACCOUNT.note}`);
  console.log("  13800001001…13800001038  其他 38 家村店的店主 (the other village shops on the routes)");
}

/**
 * Fills an empty database with the 兰考县 demo. Refuses any database that holds a real
 * (non-demo) organisation, so pointing it at production by mistake writes nothing.
 *
 * The story ends at `now` (the real now at seeding time by default, so the demo looks current;
 * `npm start` passes the app's clock, which CLOCK_START may have moved). Its past is laid down
 * by the use cases themselves, each run at its moment on the story's clock (moments.ts): no row
 * is rewritten afterwards, and the rollups are kept by the domain as they are in use.
 */
export async function seedDemo(
  db: Db,
  { now = systemClock.now() }: { now?: number } = {},
): Promise<"seeded" | "already-seeded"> {
  const real = db
    .select({ n: sql<number>`count(*)` })
    .from(organisations)
    .where(eq(organisations.isDemo, false))
    .get();
  if ((real?.n ?? 0) > 0) throw new NotADemoDatabase("refusing to seed: this database holds real organisations");
  const demo = db
    .select({ n: sql<number>`count(*)` })
    .from(organisations)
    .where(eq(organisations.isDemo, true))
    .get();
  if ((demo?.n ?? 0) > 0) return "already-seeded";

  const { clock, at } = storyClock(now);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const [owner, clerk, coordinator, driver] = DEMO_ACCOUNTS.map((a) => {
    const id = newId();
    db.insert(users)
      .values({ id, phone: a.phone, name: a.name, passwordHash, locale: "zh-CN", createdAt: now - 90 * DAY })
      .run();
    return { kind: "person" as const, id, name: a.name, phone: a.phone };
  });

  const org = (
    kind: OrgKind,
    name: string,
    place: { township: string; village?: string },
    members: [string, Role][],
  ) => {
    const id = newId();
    db.insert(organisations)
      .values({
        id,
        kind,
        name,
        ...LANKAO,
        ...place,
        placeCode: placeCodeFor(db, { ...LANKAO, township: place.township, village: place.village ?? null }),
        isDemo: true,
        createdAt: now - 90 * DAY,
        contactPhone: DEMO_ACCOUNTS[0].phone,
      })
      .run();
    for (const [userId, role] of members) {
      db.insert(memberships)
        .values({ id: newId(), orgId: id, userId, role, createdAt: now - 90 * DAY })
        .run();
    }
    return id;
  };

  const store1 = org("store", "张庄村便民超市", { township: "东坝头镇", village: "张庄村" }, [
    [owner.id, "owner"],
    [clerk.id, "clerk"],
  ]);
  const store2 = org("store", "杨庄村小卖部", { township: "东坝头镇", village: "杨庄村" }, [[owner.id, "owner"]]);
  const distributorId = org("distributor", "兰考县城乡商贸配送中心", { township: "城关镇" }, [
    [coordinator.id, "admin"],
    [driver.id, "driver"],
  ]);
  const allianceId = org("alliance", "兰考县便民店采购联盟", { township: "城关镇" }, [[coordinator.id, "coordinator"]]);

  const ctx1: Ctx = {
    db,
    actor: owner,
    org: { id: store1, kind: "store", name: "张庄村便民超市" },
    role: "owner",
    locale: "zh-CN",
    clock,
  };
  const ctx2: Ctx = {
    db,
    actor: owner,
    org: { id: store2, kind: "store", name: "杨庄村小卖部" },
    role: "owner",
    locale: "zh-CN",
    clock,
  };
  const clerk1: Ctx = { ...ctx1, actor: clerk, role: "clerk" };
  const sales: SalesSeed = {
    owner: ctx1,
    clerk: clerk1,
    random: rng(3725),
    now,
    at,
    customerIds: seedCustomers(ctx1, now, at),
  };
  // A month of selling through VillageLink: up to the count three days ago, then since.
  stockStore(ctx1, demoCatalog, rng(410225), now, at, () => seedSalesDays(sales, 30, 4));
  seedSalesDays(sales, 3, 0);
  stockStore(
    ctx2,
    demoCatalog.filter((_, i) => i % 3 === 0),
    rng(4102251),
    now,
    at,
  );
  seedDistribution({
    db,
    now,
    clock,
    at,
    random: rng(4102252),
    passwordHash,
    admin: coordinator,
    driver,
    distributorId,
    demoStores: [ctx1, ctx2],
    shelfLife: SHELF_LIFE_DAYS,
  });
  // The buying alliance: members among the linked stores, a supplier, a delivered and an open campaign.
  await seedAlliance({ db, now, clock, at, allianceId, coordinator, driver, distributorId });
  // 张庄村便民超市's payments for what the alliance delivered (issue 11, db/seed/newuser.ts).
  showcaseSettlesEarlierDeliveries({
    db,
    at,
    store: ctx1,
    distributor: {
      ...ctx1,
      actor: coordinator,
      org: { id: distributorId, kind: "distributor", name: "兰考县城乡商贸配送中心" },
      role: "admin",
    },
  });
  // Issue 15: a store sells from the traced supplier batch (db/seed/trace.ts).
  seedTraceSale({ db, at, stores: [ctx1, ctx2], when: now - 2 * 60 * 60 * 1000 });
  // Issue 14: a finished negotiation (awarded into a campaign) and an open request.
  seedNegotiation({ db, now, clock, at, allianceId, coordinator });
  // Issue 15: produce going up on the run now on the road, traceable from farmer to warehouse.
  seedProduce({ db, now, clock, at, distributorId, admin: coordinator, driver });
  // Issue 15: one recall in progress, reaching both demo stores (db/seed/recall.ts).
  seedRecall({
    db,
    alliance: { ...ctx1, actor: coordinator, org: { id: allianceId, kind: "alliance", name: "" }, role: "coordinator" },
    distributor: {
      ...ctx1,
      actor: coordinator,
      org: { id: distributorId, kind: "distributor", name: "" },
      role: "admin",
    },
    stores: [ctx1, ctx2],
  });
  // The county's view: a commerce bureau, more stores on the register, a year of store months.
  seedCounty({ db, now, passwordHash });
  return "seeded";
}

/** Opening receipts two months ago, a restock three weeks ago, some breakage, and a count. */
function stockStore(
  ctx: Ctx,
  catalog: DemoProduct[],
  random: () => number,
  now: number,
  at: At,
  beforeCount: () => void = () => {},
) {
  const pick = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));

  // Listed when the shop opened on VillageLink, the day of its opening receipt.
  const created = catalog.map((p) => {
    const { id } = at(now - 60 * DAY, () =>
      createProduct(ctx, {
        name: p.name,
        barcode: p.barcode,
        category: p.category,
        baseUnit: p.baseUnit,
        packUnit: p.packSize > 1 ? p.packUnit : null,
        packSize: p.packSize,
        priceFen: p.priceFen,
        costFen: p.costFen,
        reorderPoint: p.reorderPoint,
        active: true,
      }),
    );
    return { id, p };
  });

  const receive = (id: string, p: DemoProduct, daysAgo: number) => {
    const life = SHELF_LIFE_DAYS[p.category];
    const when = now - daysAgo * DAY;
    const received = shanghaiDate(when);
    const packs = p.packSize > 1;
    // Drawn before the receipt, in the order the story always drew them (same figures every seed).
    const input = {
      requestId: newId(),
      qty: packs ? pick(1, 3) : pick(p.reorderPoint + 2, p.reorderPoint * 4 + 10),
      unit: packs ? ("pack" as const) : ("base" as const),
      // Suppliers' prices drift a little between deliveries.
      costFen: Math.round(p.costFen * (packs ? p.packSize : 1) * (0.97 + random() * 0.06)),
      batchNo: life ? `${received.replaceAll("-", "")}${pick(1, 9)}` : "",
      expiryDate: life ? addDays(received, pick(life[0], life[1])) : "",
    };
    at(when, () => receiveStock(ctx, id, input));
  };

  for (const { id, p } of created) receive(id, p, 60);
  for (const { id, p } of created) if (random() < 0.5) receive(id, p, 21);
  // Dairy keeps arriving weekly, so some of it is always close to its date.
  for (const { id, p } of created) if (p.category === "乳制品") receive(id, p, 5);

  for (const { id } of created.filter(() => random() < 0.04)) {
    const input = {
      requestId: newId(),
      reason: random() < 0.7 ? ("damaged" as const) : ("expired" as const),
      qty: pick(1, 3),
      note: null,
    };
    at(now - pick(8, 20) * DAY, () => adjustStock(ctx, id, input));
  }

  beforeCount();
  // Records lag the shelf (unrecorded sales, breakage, gifts): the full count three days ago
  // found what was really left.
  const onHand = new Map(
    ctx.db
      .select({ id: products.id, onHand: products.onHand })
      .from(products)
      .where(eq(products.orgId, ctx.org.id))
      .all()
      .map((r) => [r.id, r.onHand]),
  );
  const count = {
    requestId: newId(),
    note: "开业盘点",
    lines: created.map(({ id }) => ({
      productId: id,
      counted: Math.max(0, Math.floor((onHand.get(id) ?? 0) * (0.15 + random() * 0.75))),
    })),
  };
  at(now - 3 * DAY, () => countStock(ctx, count));
}
