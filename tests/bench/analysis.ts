import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { openDatabase, type Db } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import type { Ctx } from "../../app/domain/context.server";
import { addDays } from "../../app/domain/dates";
import { newId } from "../../app/domain/ids.server";
import { storeDashboard } from "../../app/domain/analysis/dashboard.server";
import { distributorDemand } from "../../app/domain/analysis/distributor-demand.server";
import { recomputeDemand, recomputeSalesRollups } from "../../app/domain/analysis/rollups.server";
import { isoWeekMonday, shanghaiDate as shanghaiDay, shanghaiDayStart } from "../../app/domain/dates";
import { TEST_OUTPUT } from "../support/paths";
import { systemClock } from "../../app/domain/dates";
import { at } from "../support/clock";
import { median } from "./stats";

// The analysis benchmark (issue 6): server-side time of the store dashboard over a year of one
// busy store's sales, and of the distributor demand view over a county of 500 stores, each read
// from the rollups and, side by side in the same run, from the raw sale lines / order lines.
// Data is written with raw prepared INSERTs in big transactions into a fresh migrated file.
// Standalone: `node --import tsx tests/bench/analysis.ts`.

const DAY = 24 * 60 * 60 * 1000;
/** Friday 2026-11-27 12:00 in Shanghai: "now" for every figure, so runs compare. */
const NOW = Date.UTC(2026, 10, 27, 4, 0);
const RUNS = Number(process.env.BENCH_ANALYSIS_RUNS ?? 30);
const WARMUP = 5;

function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const quantile = (xs: number[], q: number) => {
  const s = sorted(xs);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};
const round = (ms: number) => Math.round(ms * 100) / 100;

/** Wall-clock median and p95, plus the process's CPU time per run (less sensitive to a busy machine). */
export type Timing = { medianMs: number; p95Ms: number; cpuMs: number; runs: number };
function time(fn: () => unknown, runs = RUNS): Timing {
  for (let i = 0; i < WARMUP; i++) fn();
  const times: number[] = [];
  const cpu = process.cpuUsage();
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  const used = process.cpuUsage(cpu);
  return {
    medianMs: round(median(times)),
    p95Ms: round(quantile(times, 0.95)),
    cpuMs: round((used.user + used.system) / 1000 / runs),
    runs,
  };
}

export function freshDb(name: string): { db: Db; file: string; drop: () => void } {
  const dir = path.join(TEST_OUTPUT, "bench");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}-${process.pid}.sqlite`);
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  const db = openDatabase(file);
  migrateDatabase(db);
  return {
    db,
    file,
    drop: () => {
      db.$client.close();
      for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    },
  };
}

function org(db: Db, kind: "store" | "distributor", name: string, village: string | null = null): string {
  const id = newId();
  db.$client
    .prepare(
      "INSERT INTO organisations (id, kind, name, county, county_code, village, is_demo, created_at) VALUES (?, ?, ?, '兰考县', '410225', ?, 1, ?)",
    )
    .run(id, kind, name, village, NOW - 400 * DAY);
  return id;
}

const CATEGORIES = ["饮料", "方便食品", "粮油调味", "休闲零食", "乳制品", "烟酒", "日用百货", "个人护理"];

function insertProducts(db: Db, orgId: string, n: number, random: () => number, packSize = 1) {
  const stmt = db.$client.prepare(
    `INSERT INTO products (id, org_id, name, category, base_unit, pack_unit, pack_size, price_fen, cost_fen, reorder_point, on_hand, active, created_at, updated_at)
     VALUES (?, ?, ?, ?, '个', ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
  );
  return Array.from({ length: n }, (_, i) => {
    const id = newId();
    const priceFen = 100 + Math.floor(random() * 29) * 100 + (random() < 0.5 ? 50 : 0);
    const costFen = Math.round(priceFen * (0.7 + random() * 0.15));
    stmt.run(
      id,
      orgId,
      `商品${String(i).padStart(3, "0")}`,
      CATEGORIES[i % CATEGORIES.length],
      packSize > 1 ? "箱" : null,
      packSize,
      priceFen,
      costFen,
      5,
      Math.floor(random() * 60),
      NOW - 400 * DAY,
      NOW - 400 * DAY,
    );
    return { id, priceFen, costFen };
  });
}

// (a) One busy store ------------------------------------------------------------------------

/**
 * A year of one busy store: ~300 products, 40–80 sales a day (1–8 lines, popular products more
 * often), 07:00–21:59 Shanghai time; about 1% of sales voided and 1% partly returned.
 */
export function busyStore(db: Db) {
  const random = rng(20261127);
  const orgId = org(db, "store", "张庄村便民超市（压测）", "张庄村");
  const userId = newId();
  db.$client
    .prepare(
      "INSERT INTO users (id, phone, name, password_hash, locale, created_at) VALUES (?, ?, '店主', 'x', 'zh-CN', ?)",
    )
    .run(userId, `139${String(Math.floor(random() * 1e8)).padStart(8, "0")}`, NOW);
  const catalog = insertProducts(db, orgId, 300, random);
  const sale = db.$client.prepare(
    "INSERT INTO sales (id, org_id, tender, total_fen, status, actor_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  const line = db.$client.prepare(
    "INSERT INTO sale_lines (id, org_id, sale_id, product_id, qty, price_fen, cost_fen, returned_qty) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const today = shanghaiDay(NOW);
  let sales = 0;
  let lines = 0;
  db.$client.transaction(() => {
    for (let back = 365; back >= 0; back--) {
      const day = addDays(today, -back);
      const start = shanghaiDayStart(day);
      const count = 40 + Math.floor(random() * 41);
      for (let s = 0; s < count; s++) {
        const at = start + 7 * 3600_000 + Math.floor(random() * 15 * 3600_000);
        if (back === 0 && at > NOW) continue;
        const id = newId();
        const status = random() < 0.01 ? "voided" : "completed";
        const returns = status === "completed" && random() < 0.01;
        const picked = new Set<number>();
        const n = 1 + Math.floor(random() * 8);
        while (picked.size < n) picked.add(Math.floor(catalog.length * random() ** 2));
        let total = 0;
        const rows = [...picked].map((i) => {
          const p = catalog[i];
          const qty = 1 + Math.floor(random() * 3);
          total += qty * p.priceFen;
          return { p, qty };
        });
        sale.run(id, orgId, random() < 0.6 ? "cash" : "wechat", total, status, userId, at);
        for (const [k, { p, qty }] of rows.entries()) {
          line.run(newId(), orgId, id, p.id, qty, p.priceFen, p.costFen, returns && k === 0 ? 1 : 0);
          lines++;
        }
        sales++;
      }
    }
  })();
  const ctx: Ctx = {
    db,
    actor: { kind: "person", id: userId, name: "店主", phone: "" },
    org: { id: orgId, kind: "store", name: "张庄村便民超市（压测）" },
    role: "owner",
    locale: "zh-CN",
    clock: systemClock,
  };
  return { ctx, orgId, sales, lines };
}

/** The dashboard's sales figures for 30 days (and the 30 before), straight from sales and sale lines. */
function dashboardFromLines(db: Db, orgId: string, now: number) {
  const today = shanghaiDay(now);
  const from = addDays(today, -29);
  const prevFrom = addDays(from, -30);
  const since28 = addDays(today, -28);
  const start = shanghaiDayStart(prevFrom);
  const end = shanghaiDayStart(addDays(today, 1));
  const hourly = db.all<{ day: string; hour: number; sales: number; revenue: number; cost: number }>(sql`
    SELECT strftime('%Y-%m-%d', (s.created_at + 28800000) / 1000, 'unixepoch') AS day,
      CAST(strftime('%H', (s.created_at + 28800000) / 1000, 'unixepoch') AS INTEGER) AS hour,
      count(DISTINCT s.id) AS sales, sum((l.qty - l.returned_qty) * l.price_fen) AS revenue, sum((l.qty - l.returned_qty) * l.cost_fen) AS cost
    FROM sales s JOIN sale_lines l ON l.sale_id = s.id
    WHERE s.org_id = ${orgId} AND s.status = 'completed' AND s.created_at >= ${start} AND s.created_at < ${end}
    GROUP BY 1, 2`);
  let takingsFen = 0;
  let count = 0;
  for (const h of hourly) {
    if (h.day >= from) {
      takingsFen += h.revenue;
      count += h.sales;
    }
  }
  const fromMs = shanghaiDayStart(from);
  const sold = db.all<{ productId: string; qty: number }>(sql`
    SELECT l.product_id AS productId, sum(l.qty - l.returned_qty) AS qty
    FROM sales s JOIN sale_lines l ON l.sale_id = s.id
    WHERE s.org_id = ${orgId} AND s.status = 'completed' AND s.created_at >= ${fromMs} AND s.created_at < ${end}
    GROUP BY l.product_id`);
  // Last sale and the last 28 days' units per product: the whole year of lines.
  const items = db.all<{ productId: string; lastSaleAt: number | null; unitsPer28: number }>(sql`
    SELECT p.id AS productId,
      max(CASE WHEN l.qty > l.returned_qty THEN s.created_at END) AS lastSaleAt,
      coalesce(sum(CASE WHEN s.created_at >= ${shanghaiDayStart(since28)} AND s.created_at < ${shanghaiDayStart(today)} THEN l.qty - l.returned_qty END), 0) AS unitsPer28
    FROM products p LEFT JOIN sale_lines l ON l.product_id = p.id AND l.org_id = p.org_id
      LEFT JOIN sales s ON s.id = l.sale_id AND s.status = 'completed'
    WHERE p.org_id = ${orgId}
    GROUP BY p.id`);
  return { takingsFen, sales: count, sold, items };
}

// (b) A county: one distributor, 500 stores -------------------------------------------------

const STORES = 500;
const SKUS = 300;
const LINES_PER_ORDER = 20;
const WEEKS = 52;

/**
 * A county distributor with 300 SKUs and 500 stores, each ordering once a week for a year
 * (20 SKUs an order, mostly from its own favourites), delivered Tuesdays or Fridays. Past orders
 * were received (~3% short-picked, ~1% rejected, ~1% cancelled, ~8% delivered the day after);
 * this week's are confirmed. 15 stores stopped ordering five weeks ago.
 */
export function county(db: Db) {
  const random = rng(410225);
  const distributorId = org(db, "distributor", "兰考县城乡商贸配送中心（压测）");
  const userId = newId();
  db.$client
    .prepare(
      "INSERT INTO users (id, phone, name, password_hash, locale, created_at) VALUES (?, '13900000000', '管理员', 'x', 'zh-CN', ?)",
    )
    .run(userId, NOW);
  const skus = insertProducts(db, distributorId, SKUS, random, 12).map((p) => ({
    ...p,
    casePriceFen: p.priceFen * 10,
  }));
  const stores = Array.from({ length: STORES }, (_, i) =>
    org(db, "store", `村店${String(i).padStart(3, "0")}`, `第${i + 1}村`),
  );
  const order = db.$client.prepare(
    `INSERT INTO restock_orders (id, store_org_id, distributor_org_id, link_id, delivery_date, status, payment_terms, total_fen, delivery_code, source, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 'cod', ?, '000000', 'cart', ?, ?)`,
  );
  const line = db.$client.prepare(
    `INSERT INTO restock_order_lines (id, order_id, store_org_id, distributor_org_id, product_id, name, base_unit, pack_unit, pack_size, case_price_fen, qty_packs, picked_packs)
     VALUES (?, ?, ?, ?, ?, ?, '个', '箱', 12, ?, ?, ?)`,
  );
  const transition = db.$client.prepare(
    `INSERT INTO state_transitions (id, entity, entity_id, org_id, from_state, to_state, actor_id, at) VALUES (?, 'order', ?, ?, 'out_for_delivery', 'delivered', ?, ?)`,
  );
  const currentWeek = isoWeekMonday(shanghaiDay(NOW));
  let orders = 0;
  let lines = 0;
  db.$client.pragma("foreign_keys = OFF"); // links and routes are not needed by the figures measured
  db.$client.transaction(() => {
    stores.forEach((storeId, s) => {
      const favourites = Array.from({ length: 40 }, () => Math.floor(SKUS * random() ** 1.5));
      const stoppedAt = s < 15 ? addDays(currentWeek, -35) : null;
      for (let w = WEEKS - 1; w >= 0; w--) {
        const week = addDays(currentWeek, -7 * w);
        if (stoppedAt && week >= stoppedAt) continue;
        const deliveryDate = addDays(week, s % 2 ? 1 : 4);
        const id = newId();
        const r = random();
        const past = w > 0;
        const status = !past ? "confirmed" : r < 0.01 ? "rejected" : r < 0.02 ? "cancelled" : "received";
        const short = status === "received" && random() < 0.03;
        const chosen = new Set<number>();
        while (chosen.size < LINES_PER_ORDER)
          chosen.add(
            random() < 0.8 ? favourites[Math.floor(random() * favourites.length)] : Math.floor(random() * SKUS),
          );
        let total = 0;
        const rows = [...chosen].map((i, k) => {
          const qty = 1 + Math.floor(random() * 5);
          const picked = status === "received" ? (short && k === 0 ? qty - 1 : qty) : null;
          total += qty * skus[i].casePriceFen;
          return { sku: skus[i], i, qty, picked };
        });
        const createdAt = shanghaiDayStart(deliveryDate) - DAY;
        order.run(id, storeId, distributorId, "bench-link", deliveryDate, status, total, createdAt, createdAt);
        for (const row of rows) {
          line.run(
            newId(),
            id,
            storeId,
            distributorId,
            row.sku.id,
            `商品${String(row.i).padStart(3, "0")}`,
            row.sku.casePriceFen,
            row.qty,
            row.picked,
          );
          lines++;
        }
        if (status === "received") {
          const late = random() < 0.08;
          transition.run(
            newId(),
            id,
            distributorId,
            userId,
            shanghaiDayStart(deliveryDate) + (late ? 25 : 14) * 3600_000,
          );
        }
        orders++;
      }
    });
  })();
  db.$client.pragma("foreign_keys = ON");
  const ctx: Ctx = {
    db,
    actor: { kind: "person", id: userId, name: "管理员", phone: "" },
    org: { id: distributorId, kind: "distributor", name: "配送中心" },
    role: "admin",
    locale: "zh-CN",
    clock: systemClock,
  };
  return { ctx, distributorId, orders, lines };
}

/** The demand grid and per-store figures of the last 12 weeks, straight from order lines. */
function demandFromLines(db: Db, distributorId: string, now: number) {
  const currentWeek = isoWeekMonday(shanghaiDay(now));
  const from = addDays(currentWeek, -7 * 11);
  const until = addDays(currentWeek, 14);
  const grid = db.all<{ week: string; productId: string; ordered: number; shipped: number; value: number }>(sql`
    SELECT date(o.delivery_date, 'weekday 0', '-6 days') AS week, l.product_id AS productId, sum(l.qty_packs) AS ordered,
      sum(CASE WHEN o.status IN ('out_for_delivery', 'delivered', 'received') THEN coalesce(l.picked_packs, l.qty_packs) ELSE 0 END) AS shipped,
      sum(l.qty_packs * l.case_price_fen) AS value
    FROM restock_orders o JOIN restock_order_lines l ON l.order_id = o.id
    WHERE o.distributor_org_id = ${distributorId} AND o.status NOT IN ('rejected', 'cancelled')
      AND o.delivery_date >= ${from} AND o.delivery_date < ${until}
    GROUP BY 1, 2`);
  const stores = db.all<{ storeOrgId: string; packs: number; value: number }>(sql`
    SELECT o.store_org_id AS storeOrgId, sum(l.qty_packs) AS packs, sum(l.qty_packs * l.case_price_fen) AS value
    FROM restock_orders o JOIN restock_order_lines l ON l.order_id = o.id
    WHERE o.distributor_org_id = ${distributorId} AND o.status NOT IN ('rejected', 'cancelled')
      AND o.delivery_date >= ${addDays(currentWeek, -7 * 6)} AND o.delivery_date < ${until}
    GROUP BY 1`);
  return { grid, stores };
}

// Run ---------------------------------------------------------------------------------------

export async function analysisBench() {
  // (a)
  const a = freshDb("analysis-store");
  let t = performance.now();
  const store = busyStore(a.db);
  const generateStoreS = round((performance.now() - t) / 1000);
  t = performance.now();
  recomputeSalesRollups(a.db, store.orgId);
  const recomputeSalesMs = round(performance.now() - t);
  a.db.$client.pragma("optimize");
  const dashboard30 = time(() => storeDashboard(at(store.ctx, NOW), { period: "30d" }));
  const dashboard7 = time(() => storeDashboard(at(store.ctx, NOW), { period: "7d" }));
  const dashboardToday = time(() => storeDashboard(at(store.ctx, NOW), { period: "today" }));
  const dashboardScan = time(() => dashboardFromLines(a.db, store.orgId, NOW));
  // Same figures either way (a check that the rollups are right at this size, too).
  const fromRollups = storeDashboard(at(store.ctx, NOW), { period: "30d" });
  const fromLines = dashboardFromLines(a.db, store.orgId, NOW);
  const storeAgrees =
    fromRollups.current.takingsFen === fromLines.takingsFen && fromRollups.current.sales === fromLines.sales;
  const rollupRows = a.db.all<{ n: number }>(
    sql`SELECT (SELECT count(*) FROM sales_daily) + (SELECT count(*) FROM sales_hourly) AS n`,
  )[0].n;
  a.drop();

  // (b)
  const b = freshDb("analysis-county");
  t = performance.now();
  const c = county(b.db);
  const generateCountyS = round((performance.now() - t) / 1000);
  t = performance.now();
  recomputeDemand(b.db, c.distributorId);
  const recomputeDemandMs = round(performance.now() - t);
  b.db.$client.pragma("optimize");
  const demandRows = b.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM demand_weekly`)[0].n;
  const demand12 = time(() => distributorDemand(at(c.ctx, NOW), { weeks: 12 }));
  const demand26 = time(() => distributorDemand(at(c.ctx, NOW), { weeks: 26 }));
  const demandScan = time(() => demandFromLines(b.db, c.distributorId, NOW));
  const view = distributorDemand(at(c.ctx, NOW), { weeks: 12 });
  const scanned = demandFromLines(b.db, c.distributorId, NOW);
  const scannedOrdered = scanned.grid.filter((g) => g.week <= view.currentWeek).reduce((n, g) => n + g.ordered, 0);
  const countyAgrees = scannedOrdered === view.totals.ordered;
  const countyFacts = {
    skus: view.skus.length,
    stopped: view.stoppedStores.length,
    activeStores: view.totals.activeStores,
  };
  b.drop();

  const result = {
    store: {
      sales: store.sales,
      saleLines: store.lines,
      rollupRows,
      generateS: generateStoreS,
      recomputeSalesMs,
      agrees: storeAgrees,
    },
    storeDashboard: { "30d": dashboard30, "7d": dashboard7, today: dashboardToday, scanSaleLines30d: dashboardScan },
    county: {
      stores: STORES,
      orders: c.orders,
      orderLines: c.lines,
      demandRows,
      generateS: generateCountyS,
      recomputeDemandMs,
      agrees: countyAgrees,
      ...countyFacts,
    },
    distributorDemand: { "12w": demand12, "26w": demand26, scanOrderLines12w: demandScan },
  };
  const row = (name: string, x: Timing, budget = "") =>
    `| ${name} | ${x.medianMs} ms | ${x.p95Ms} ms | ${x.cpuMs} ms | ${x.runs} | ${budget} |`;
  const markdown = [
    `### Analysis (rollups vs raw lines), ${RUNS} timed runs after ${WARMUP} warm-up, in-process on a real SQLite file (WAL)`,
    "",
    `Store: ${store.sales.toLocaleString("en")} sales, ${store.lines.toLocaleString("en")} sale lines over 366 days, 300 products; ${rollupRows.toLocaleString("en")} rollup rows (rebuilt in ${recomputeSalesMs} ms). ` +
      `County: ${STORES} stores, ${c.orders.toLocaleString("en")} orders, ${c.lines.toLocaleString("en")} order lines, ${demandRows.toLocaleString("en")} demand_weekly rows (rebuilt in ${recomputeDemandMs} ms). ` +
      `Same totals from rollups and from lines: store ${storeAgrees ? "yes" : "NO"}, county ${countyAgrees ? "yes" : "NO"}.`,
    "",
    `Load average at the end: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" / ")} on ${os.cpus().length} cores (wall times inflate on a busy machine; CPU per run less so).`,
    "",
    "| what | median | p95 | CPU per run | runs | budget |",
    "| --- | ---: | ---: | ---: | ---: | --- |",
    row("storeDashboard, 30 days (rollups)", dashboard30, "≤ 50 ms"),
    row("storeDashboard, 7 days (rollups)", dashboard7, "≤ 50 ms"),
    row("storeDashboard, today (rollups)", dashboardToday, "≤ 50 ms"),
    row("the same sales figures (30 days) scanning sales + sale_lines", dashboardScan),
    row("distributorDemand, 500 stores, 12 weeks (demand_weekly)", demand12, "≤ 200 ms"),
    row("distributorDemand, 500 stores, 26 weeks (demand_weekly)", demand26, "≤ 200 ms"),
    row("the same grid + per-store figures (12 weeks) scanning orders + order lines", demandScan),
  ].join("\n");
  return { result, markdown };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { result, markdown } = await analysisBench();
  fs.mkdirSync(path.join(TEST_OUTPUT, "bench"), { recursive: true });
  fs.writeFileSync(path.join(TEST_OUTPUT, "bench", "analysis.json"), JSON.stringify(result, null, 2));
  console.log(markdown);
  if (!result.store.agrees || !result.county.agrees) process.exitCode = 1;
}
