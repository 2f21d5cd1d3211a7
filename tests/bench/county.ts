import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import type { PersonCtx } from "../../app/domain/context.server";
import { fixedClock } from "../../app/domain/dates";
import { newId } from "../../app/domain/ids.server";
import { disclosureRules } from "../../app/domain/county/disclosure";
import { countyHome } from "../../app/domain/county/figures.server";
import { addMonths } from "../../app/domain/county/months";
import { consentingStoreMonths, protectedMonth, writePublication } from "../../app/domain/county/publish.server";
import { rollUpCountyMonth, storeMonthFacts } from "../../app/domain/county/store-months.server";
import { LANKAO_VILLAGES } from "../../db/reference/places-410225";
import { TEST_OUTPUT } from "../support/paths";
import { freshDb } from "./analysis";
import { median } from "./stats";

// The county benchmark (issue 16): the bureau's home page (its loader's one domain call,
// countyHome) over a county of 500 stores and a year, read from the published county cells;
// beside it, in the same run, the same month's figures computed at request time from the
// store-level rollups (sales_hourly, sales, restock orders, stock_daily → store months →
// disclosure control). The store-level data is generated as rollup rows (one sales_hourly row
// per store and selling day), the county level by the real month-close rollup and publication.
// Standalone: `node --import tsx tests/bench/county.ts`.

const DAY = 24 * 60 * 60 * 1000;
/** 2026-12-05 12:00 Shanghai: the year before is 2025-12 … 2026-11. */
const NOW = Date.UTC(2026, 11, 5, 4, 0);
const CURRENT = "2026-12";
const STORES = 500;
const MONTHS = 12;
const RUNS = Number(process.env.BENCH_COUNTY_RUNS ?? 10);

function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const round = (ms: number) => Math.round(ms * 100) / 100;

function time(fn: () => unknown, runs = RUNS) {
  fn(); // one warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return { medianMs: round(median(times)), maxMs: round(Math.max(...times)), runs };
}

/** 500 consenting stores over 兰考县's villages, a year of daily takings as rollup rows. */
function county(db: Db) {
  const random = rng(410225);
  const c = db.$client;
  const org = c.prepare(
    "INSERT INTO organisations (id, kind, name, county, county_code, township, village, place_code, is_demo, created_at) VALUES (?, ?, ?, '兰考县', '410225', ?, ?, ?, 1, ?)",
  );
  const user = c.prepare(
    "INSERT INTO users (id, phone, name, password_hash, locale, created_at) VALUES (?, ?, '局长', 'x', 'zh-CN', ?)",
  );
  const member = c.prepare("INSERT INTO memberships (id, org_id, user_id, role, created_at) VALUES (?, ?, ?, ?, ?)");
  const consent = c.prepare(
    "INSERT INTO aggregate_consents (id, org_id, given_at, given_by, from_month) VALUES (?, ?, ?, ?, ?)",
  );
  const hourly = c.prepare(
    "INSERT INTO sales_hourly (org_id, day, hour, sales, revenue_fen, cost_fen) VALUES (?, ?, 10, ?, ?, ?)",
  );
  // Restock orders from one consenting distributor: a delivery a week per store, five lines in five
  // categories, mostly on time, the odd short pick (the month close reads these, never the pages).
  const product = c.prepare(
    "INSERT INTO products (id, org_id, name, category, base_unit, pack_size, price_fen, created_at, updated_at) VALUES (?, ?, ?, ?, '件', 12, ?, ?, ?)",
  );
  const link = c.prepare(
    "INSERT INTO distributor_links (id, distributor_org_id, store_org_id, status, requested_at) VALUES (?, ?, ?, 'active', ?)",
  );
  const order = c.prepare(
    "INSERT INTO restock_orders (id, store_org_id, distributor_org_id, link_id, delivery_date, status, payment_terms, total_fen, delivery_code, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'received', 'cod', ?, '000000', ?, ?)",
  );
  const line = c.prepare(
    "INSERT INTO restock_order_lines (id, order_id, store_org_id, distributor_org_id, product_id, name, base_unit, pack_size, case_price_fen, qty_packs, picked_packs) VALUES (?, ?, ?, ?, ?, ?, '件', 12, ?, ?, ?)",
  );
  const delivered = c.prepare(
    "INSERT INTO state_transitions (id, entity, entity_id, org_id, from_state, to_state, at) VALUES (?, 'order', ?, ?, 'out_for_delivery', 'delivered', ?)",
  );
  const userId = newId();
  const bureauId = newId();
  const distributorId = newId();
  const skus = ["粮油调味", "方便食品", "饮料", "日用百货", "烟酒"].map((category, i) => ({
    id: newId(),
    category,
    caseFen: 4000 + i * 1500,
  }));
  c.transaction(() => {
    user.run(userId, "13900000009", NOW - 400 * DAY);
    org.run(bureauId, "bureau", "兰考县商务局（压测）", null, null, null, NOW - 400 * DAY);
    member.run(newId(), bureauId, userId, "director", NOW - 400 * DAY);
    org.run(distributorId, "distributor", "兰考配送（压测）", null, null, null, NOW - 400 * DAY);
    consent.run(newId(), distributorId, NOW - 400 * DAY, userId, addMonths(CURRENT, -MONTHS));
    for (const sku of skus)
      product.run(sku.id, distributorId, sku.category, sku.category, sku.caseFen, NOW - 400 * DAY, NOW - 400 * DAY);
    for (let i = 0; i < STORES; i++) {
      const village = LANKAO_VILLAGES[Math.floor(random() * LANKAO_VILLAGES.length)];
      const id = newId();
      org.run(id, "store", `村店${i}`, null, village.name, village.code, NOW - 400 * DAY);
      consent.run(newId(), id, NOW - 400 * DAY, userId, addMonths(CURRENT, -MONTHS));
      const size = 0.4 + random() * 1.6;
      const linkId = newId();
      link.run(linkId, distributorId, id, NOW - 400 * DAY);
      for (let d = 7; d <= 366; d += 7) {
        const date = new Date(NOW - d * DAY + 8 * 3600 * 1000).toISOString().slice(0, 10);
        const orderId = newId();
        const lines = skus.map((sku) => {
          const packs = 1 + Math.floor(random() * 4 * size);
          return { sku, packs, picked: random() < 0.05 ? packs - 1 : packs };
        });
        const total = lines.reduce((n, l) => n + l.picked * l.sku.caseFen, 0);
        order.run(orderId, id, distributorId, linkId, date, total, NOW - (d + 2) * DAY, NOW - d * DAY);
        for (const { sku, packs, picked } of lines)
          line.run(newId(), orderId, id, distributorId, sku.id, sku.category, sku.caseFen, packs, picked);
        delivered.run(newId(), orderId, distributorId, NOW - d * DAY + (random() < 0.1 ? DAY : 0));
      }
      for (let d = 1; d <= 366; d++) {
        if (random() < 0.15) continue; // closed that day
        const day = new Date(NOW - d * DAY + 8 * 3600 * 1000).toISOString().slice(0, 10);
        const revenue = Math.round(size * (40_000 + random() * 40_000));
        hourly.run(id, day, Math.round(revenue / 1800), revenue, Math.round(revenue * 0.8));
      }
    }
  })();
  const ctx: PersonCtx = {
    db,
    actor: { kind: "person", id: userId, name: "局长", phone: "13900000009" },
    org: { id: bureauId, kind: "bureau", name: "兰考县商务局（压测）" },
    role: "director",
    locale: "zh-CN",
    clock: fixedClock(NOW),
  };
  return { ctx };
}

/** The same month's protected cells, computed at request time from the store-level rollups. */
function monthFromStoreLevel(db: Db, month: string) {
  const consenting = new Set(
    db
      .all<{ id: string }>(
        sql`SELECT org_id AS id FROM aggregate_consents WHERE from_month <= ${month} AND (until_month IS NULL OR until_month > ${month})`,
      )
      .map((r) => r.id),
  );
  const stores = db.all<{ id: string; place: string }>(
    sql`SELECT id, place_code AS place FROM organisations WHERE kind = 'store' AND county_code = '410225'`,
  );
  const categories: { orgId: string; category: string; restockFen: number }[] = [];
  const rows = stores
    .filter((s) => consenting.has(s.id))
    .map((s) => {
      const { categories: own, ...facts } = storeMonthFacts(db, s.id, month);
      for (const c of own) categories.push({ orgId: s.id, ...c });
      return { orgId: s.id, month, countyCode: "410225", townshipCode: s.place.slice(0, 9), ...facts };
    }) as Parameters<typeof protectedMonth>[2][number][];
  return protectedMonth("410225", month, rows, disclosureRules(), categories);
}

export async function countyBench() {
  const b = freshDb("county");
  let t = performance.now();
  const { ctx } = county(b.db);
  const generateS = round((performance.now() - t) / 1000);
  t = performance.now();
  for (let k = MONTHS; k >= 1; k--) {
    const month = addMonths(CURRENT, -k);
    rollUpCountyMonth(b.db, "410225", month);
    writePublication(b.db, "410225", month, NOW, disclosureRules());
  }
  const closeYearS = round((performance.now() - t) / 1000);
  b.db.$client.pragma("optimize");
  const latest = addMonths(CURRENT, -1);
  const home = time(() => countyHome(ctx));
  const storeLevelMonth = time(() => monthFromStoreLevel(b.db, latest));
  const storeLevelYear = time(() => {
    for (let k = 1; k <= 2; k++) monthFromStoreLevel(b.db, addMonths(CURRENT, -k));
  }, 3);
  // Same figures either way: the published county cells equal the request-time computation.
  const published = b.db.all<{ measure: string; place: string; state: string; value: number | null }>(
    sql`SELECT measure, place, state, value FROM county_cells WHERE period = ${latest} ORDER BY measure, place`,
  );
  const recomputed = monthFromStoreLevel(b.db, latest)
    .map((c) => ({ measure: c.measure, place: c.place, state: c.state, value: c.value ?? null }))
    .sort((x, y) => (x.measure !== y.measure ? (x.measure < y.measure ? -1 : 1) : x.place < y.place ? -1 : 1));
  const agrees =
    JSON.stringify(published) === JSON.stringify(recomputed) &&
    consentingStoreMonths(b.db, "410225", latest).length === STORES;
  const counts = b.db.all<{ hourly: number; orders: number; months: number; cells: number }>(
    sql`SELECT (SELECT count(*) FROM sales_hourly) AS hourly, (SELECT count(*) FROM restock_orders) AS orders, (SELECT count(*) FROM county_store_months) AS months, (SELECT count(*) FROM county_cells) AS cells`,
  )[0];
  b.drop();
  const result = {
    stores: STORES,
    months: MONTHS,
    generateS,
    closeYearS,
    counts,
    home,
    storeLevelMonth,
    storeLevelYear,
    agrees,
  };
  const markdown = [
    `County view (issue 16): ${STORES} consenting stores, ${MONTHS} published months; ${counts.hourly} store-level rollup rows, ${counts.orders} restock orders, ${counts.months} store months, ${counts.cells} county cells (generated in ${generateS} s; the year's month-close rollup + publication ${closeYearS} s). Same figures either way: ${agrees ? "yes" : "NO"}.`,
    "",
    "| what | median | max | runs | budget |",
    "| --- | ---: | ---: | ---: | --- |",
    `| countyHome (the bureau's home page loader), from county cells | ${home.medianMs} ms | ${home.maxMs} ms | ${home.runs} | ≤ 200 ms |`,
    `| one month's county figures from the store-level rollups, at request time | ${storeLevelMonth.medianMs} ms | ${storeLevelMonth.maxMs} ms | ${storeLevelMonth.runs} | |`,
    `| two months (the home's month and the one before) from the store-level rollups | ${storeLevelYear.medianMs} ms | ${storeLevelYear.maxMs} ms | ${storeLevelYear.runs} | |`,
    `| ratio (store-level month ÷ county cells home) | ${round(storeLevelMonth.medianMs / home.medianMs)}× | | | |`,
  ].join("\n");
  return { result, markdown };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { result, markdown } = await countyBench();
  fs.mkdirSync(path.join(TEST_OUTPUT, "bench"), { recursive: true });
  fs.writeFileSync(path.join(TEST_OUTPUT, "bench", "county.json"), JSON.stringify(result, null, 2));
  console.log(markdown);
  if (!result.agrees || result.home.medianMs > 200) process.exitCode = 1;
}
