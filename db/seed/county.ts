import { and, eq } from "drizzle-orm";
import type { Db } from "../client";
import {
  aggregateConsents,
  memberships,
  organisations,
  stapleBasket,
  storeMonthCategories,
  storeMonths,
  users,
} from "../schema";
import { newId } from "../../app/domain/ids.server";
import { shanghaiDate } from "../../app/domain/dates";
import { disclosureRules } from "../../app/domain/county/disclosure";
import { addMonths, monthOfDay } from "../../app/domain/county/months";
import { writePublication } from "../../app/domain/county/publish.server";
import { townshipCodeOf } from "../../app/domain/county/places.server";
import { LANKAO_CODE, LANKAO_TOWNSHIPS, LANKAO_VILLAGES } from "../reference/places-410225";

/**
 * The county's view of the 兰考县 demo (issue 16): a commerce bureau with its director, 60 more
 * village stores on the register (rollup-only: no staff, no catalogue), consent from most stores
 * and from the distributor, and a year of store months laid down at rollup level (not replayed
 * sale by sale, so `npm start` stays fast), each closed month then published as the bureau would.
 */
export const COUNTY_ACCOUNT = { phone: "13800000009", name: "刘建华", note: "县商务局局长：兰考县商务局" } as const;

const DAY = 24 * 60 * 60 * 1000;
const EXTRA_STORES = 60;
const MONTHS = 12;
/** The demo catalogue's categories and their rough share of a village store's restock. */
const CATEGORY_SHARES: [string, number][] = [
  ["粮油调味", 0.3],
  ["方便食品", 0.2],
  ["饮料", 0.18],
  ["日用百货", 0.15],
  ["烟酒", 0.17],
];

function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function seedCounty({ db, now, passwordHash }: { db: Db; now: number; passwordHash: string }) {
  const random = rng(16);
  const user = { id: newId(), phone: COUNTY_ACCOUNT.phone, name: COUNTY_ACCOUNT.name };
  const bureauId = newId();
  const LANKAO = { province: "河南省", city: "开封市", county: "兰考县", countyCode: LANKAO_CODE };
  db.insert(users)
    .values({ ...user, passwordHash, locale: "zh-CN", createdAt: now - 400 * DAY })
    .run();
  db.insert(organisations)
    .values({ id: bureauId, kind: "bureau", name: "兰考县商务局", ...LANKAO, isDemo: true, createdAt: now - 400 * DAY })
    .run();
  db.insert(memberships)
    .values({ id: newId(), orgId: bureauId, userId: user.id, role: "director", createdAt: now - 400 * DAY })
    .run();

  // More village stores on the register, spread unevenly (a few townships keep very few stores).
  const weights = LANKAO_VILLAGES.map((v) => (["410225003", "410225208"].includes(v.parent) ? 0.15 : 1));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < EXTRA_STORES; i += 1) {
    let r = random() * totalWeight;
    const village = LANKAO_VILLAGES.find((_, k) => (r -= weights[k]) < 0) ?? LANKAO_VILLAGES[0];
    const township = LANKAO_TOWNSHIPS.find((t) => t.code === village.parent)!;
    db.insert(organisations)
      .values({
        id: newId(),
        kind: "store",
        name: `${village.name.replace(/村$/, "")}${["便民店", "小超市", "日杂店"][i % 3]}${i + 1}`,
        ...LANKAO,
        township: township.name,
        village: village.name,
        placeCode: village.code,
        isDemo: true,
        createdAt: now - 420 * DAY,
      })
      .run();
  }

  const current = monthOfDay(shanghaiDate(now));
  const first = addMonths(current, -MONTHS);
  const givenAt = now - 400 * DAY;
  const stores = db
    .select({ id: organisations.id, placeCode: organisations.placeCode })
    .from(organisations)
    .where(and(eq(organisations.kind, "store"), eq(organisations.countyCode, LANKAO_CODE)))
    .all();
  const distributors = db
    .select({ id: organisations.id })
    .from(organisations)
    .where(and(eq(organisations.kind, "distributor"), eq(organisations.countyCode, LANKAO_CODE)))
    .all();
  // Nine in ten stores consent, and the distributor does.
  const consenting = stores.filter(() => random() < 0.9);
  for (const org of [...consenting, ...distributors]) {
    db.insert(aggregateConsents)
      .values({ id: newId(), orgId: org.id, givenAt, givenBy: user.id, fromMonth: first })
      .run();
  }

  // A year of store months: a store's size, a season, a township's price level.
  const rows: (typeof storeMonths.$inferInsert)[] = [];
  let bigShop = false;
  const consentingIds = new Set(consenting.map((s) => s.id));
  for (const s of stores) {
    const townshipCode = townshipCodeOf(s.placeCode);
    if (!townshipCode) continue;
    // One township holds a supermarket far bigger than its neighbours: its money cells are
    // dominated, so the demo shows 保密 and the complement that protects it.
    const big: boolean = !bigShop && townshipCode === "410225109" && consentingIds.has(s.id);
    bigShop ||= big;
    const size = big ? 25 : 0.4 + random() * 1.6;
    const creditHabit = 0.03 + random() * 0.12;
    const priceLevel = 1 + (Number(townshipCode.slice(-3)) % 7) * 0.012 + (random() - 0.5) * 0.04;
    const servedByRoute = random() < 0.85;
    const stopsOrdering = random() < 0.06;
    const inGroupBuys = random() < 0.5;
    for (let k = MONTHS; k >= 1; k -= 1) {
      const month = addMonths(current, -k);
      const m = Number(month.slice(5));
      const season = m === 1 || m === 2 ? 1.35 : m >= 6 && m <= 8 ? 1.1 : 1;
      const growth = 1 + (MONTHS - k) * 0.01;
      const salesFen = Math.round(size * season * growth * (1_800_000 + random() * 600_000));
      const stockDays = 8 * 30;
      const restockFen = Math.round(salesFen * (0.7 + random() * 0.15));
      // Served on a route twice a week (most stores), a few late runs, the odd short pick.
      const deliveries = servedByRoute ? 7 + Math.floor(random() * 3) : 0;
      const packsOrdered = deliveries * (6 + Math.floor(random() * 6));
      rows.push({
        orgId: s.id,
        month,
        countyCode: LANKAO_CODE,
        townshipCode,
        salesFen,
        creditFen: Math.round(salesFen * creditHabit * (0.8 + random() * 0.4)),
        saleCount: Math.round(salesFen / 1800),
        sellingDays: 24 + Math.floor(random() * 7),
        restockFen,
        deliveries,
        onTime: deliveries - (random() < 0.3 ? 1 : 0),
        packsOrdered,
        packsShipped: packsOrdered - Math.floor(random() * 3 * (deliveries > 0 ? 1 : 0)),
        stopped: k <= 2 && stopsOrdering ? 1 : 0,
        savedFen: inGroupBuys && month >= addMonths(current, -6) ? 800 + Math.floor(random() * 2400) : 0,
        stockDays,
        stockoutDays: Math.floor(stockDays * random() * 0.08),
        basketFen: Math.round(10_780 * priceLevel),
      });
    }
  }
  for (let i = 0; i < rows.length; i += 500)
    db.insert(storeMonths)
      .values(rows.slice(i, i + 500))
      .run();
  // Restock by the distributor's categories: each store month's restock split over them.
  const categories = rows.flatMap((r) => {
    let left = r.restockFen ?? 0;
    return CATEGORY_SHARES.map(([category, share], i) => {
      const fen =
        i === CATEGORY_SHARES.length - 1 ? left : Math.round((r.restockFen ?? 0) * share * (0.8 + random() * 0.4));
      left -= fen;
      return { orgId: r.orgId, month: r.month, countyCode: LANKAO_CODE, category, restockFen: fen };
    });
  });
  for (let i = 0; i < categories.length; i += 500)
    db.insert(storeMonthCategories)
      .values(categories.slice(i, i + 500))
      .run();

  // The staple basket the bureau keeps: the demo catalogue's rice, noodles and oil by barcode.
  for (const [item, barcode] of [
    ["大米", "694819520001"],
    ["挂面", "692579210001"],
    ["食用油", "694819510002"],
  ] as const) {
    db.insert(stapleBasket)
      .values({ countyCode: LANKAO_CODE, item, matchKind: "barcode", matchValue: barcode })
      .onConflictDoNothing()
      .run();
  }

  // Each closed month published as the bureau did at the time.
  const rules = disclosureRules();
  for (let k = MONTHS; k >= 1; k -= 1) writePublication(db, LANKAO_CODE, addMonths(current, -k), now, rules);
  return { bureauId, stores: stores.length, consenting: consenting.length };
}
