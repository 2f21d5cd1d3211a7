import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { openDatabase } from "../../db/client";
import { organisations, products, users, memberships } from "../../db/schema";
import { seedDemo } from "../../db/seed/demo";
import type { Ctx } from "../../app/domain/context.server";
import { newId } from "../../app/domain/ids.server";
import { receiveStock } from "../../app/domain/inventory/receive-stock.server";
import { listProducts } from "../../app/domain/inventory/list-products.server";
import { createProduct } from "../../app/domain/inventory/save-product.server";
import setup from "../setup/global-setup";
import { copyBaseDb } from "../support/db";
import { ledgerViolations } from "../support/ledger";
import { TEST_OUTPUT } from "../support/paths";
import { Client, freePort, startTestServer } from "../support/server";
import { firstLoadGzipBytes, SHOPKEEPER_PAGES } from "./bundle-size";
import { deliveryRunBench } from "./delivery-run";
import { runBacktest } from "./backtest";
import { analysisBench } from "./analysis";
import { countyBench } from "./county";
import { backupBench } from "./backup";
import type { LoadResult, LoadSpec } from "./load";
import { systemClock } from "../../app/domain/dates";
import { demoProducts, salePathBench, salePathMarkdown } from "./sale-path";
import { median } from "./stats";

/**
 * `npm run bench`: the figures in docs/BENCHMARKS.md. Every HTTP scenario runs in rounds that
 * alternate with a bare node:http server, so the ratio compares runs made side by side on the
 * same (shared, noisy) machine. Prints a Markdown report and writes test-output/bench/results.json.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = 50;
/** BENCH_ONLY=sale-path runs only issue 12's side-by-side sale path and page figures. */
const ONLY = process.env.BENCH_ONLY ?? "";
const OUT = path.join(TEST_OUTPUT, "bench");

function load(spec: LoadSpec): LoadResult {
  const out = execFileSync(
    process.execPath,
    ["--import", "tsx", "tests/bench/load.ts", "--spec", JSON.stringify(spec)],
    {
      encoding: "utf8",
    },
  );
  return JSON.parse(out) as LoadResult;
}

async function startBare() {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "tests/bench/bare-server.ts"], {
    env: { ...process.env, PORT: String(port) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve) => child.stdout!.once("data", () => resolve()));
  return { url: `http://127.0.0.1:${port}/`, stop: () => child.kill("SIGTERM") };
}

function rssMb(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: Math.round(kb("VmRSS") / 1024), peak: Math.round(kb("VmHWM") / 1024) };
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  // `BENCH_SCENARIO=backup npm run bench`: the backup figures alone (issue 17).
  if (process.env.BENCH_SCENARIO === "backup") return void console.log((await backupBench()).markdown);
  const teardown = setup();
  if (!fs.existsSync("build/index.js")) throw new Error("run `npm run build` first");

  // The demo county store (309 products, two months of stock history) plus a 5,000-product store.
  const dbFile = copyBaseDb();
  const db = openDatabase(dbFile);
  await seedDemo(db);
  const owner = db.select().from(users).where(eq(users.phone, "13800000001")).get()!;
  const store = db
    .select()
    .from(organisations)
    .innerJoin(memberships, eq(memberships.orgId, organisations.id))
    .where(and(eq(memberships.userId, owner.id), eq(organisations.name, "张庄村便民超市")))
    .get()!.organisations;
  const productIds = db
    .select({ id: products.id })
    .from(products)
    .where(eq(products.orgId, store.id))
    .all()
    .map((p) => p.id);
  const ctx: Ctx = {
    db,
    actor: { kind: "person", id: owner.id, name: owner.name, phone: owner.phone },
    org: { id: store.id, kind: "store", name: store.name },
    role: "owner",
    locale: "zh-CN",
    clock: systemClock,
  };

  // In-process domain figures on the real file.
  const receiveTimes: number[] = [];
  for (let i = 0; i < (ONLY ? 0 : 2000); i++) {
    const t = performance.now();
    receiveStock(ctx, productIds[i % productIds.length], {
      requestId: newId(),
      qty: 1,
      unit: "base",
      costFen: 300,
      batchNo: "",
      expiryDate: "",
    });
    receiveTimes.push(performance.now() - t);
  }
  const bigOrgId = newId();
  db.insert(organisations)
    .values({ id: bigOrgId, kind: "store", name: "大店", isDemo: true, createdAt: Date.now() })
    .run();
  const bigCtx: Ctx = { ...ctx, org: { id: bigOrgId, kind: "store", name: "大店" } };
  const names = [
    "康师傅红烧牛肉面",
    "可口可乐",
    "农夫山泉",
    "统一老坛酸菜面",
    "白象大骨面",
    "金龙鱼大豆油",
    "卫龙辣条",
    "旺仔牛奶",
    "心相印纸巾",
    "雪花啤酒",
  ];
  for (let i = 0; i < (ONLY ? 0 : 5000); i++) {
    createProduct(bigCtx, {
      name: `${names[i % names.length]} ${i}号`,
      barcode: null,
      category: "测试",
      baseUnit: "个",
      packUnit: null,
      packSize: 1,
      priceFen: 100,
      costFen: 50,
      reorderPoint: 5,
      active: true,
    });
  }
  const searchTimes = (q: string) => {
    const times: number[] = [];
    for (let i = 0; i < (ONLY ? 1 : 200); i++) {
      const t = performance.now();
      listProducts(bigCtx, { q, limit: 50 });
      times.push(performance.now() - t);
    }
    return median(times);
  };
  const domain = {
    receiveStockMedianMs: ONLY ? null : Math.round(median(receiveTimes) * 1000) / 1000,
    search5kPinyinMedianMs: Math.round(searchTimes("ksf") * 100) / 100,
    search5kNameMedianMs: Math.round(searchTimes("可乐") * 100) / 100,
    list5kFirstPageMedianMs: Math.round(searchTimes("") * 100) / 100,
  };
  // A pooled delivery run of 1,000 store orders, on its own database copy (budget: 300 ms).
  const deliveryRun = ONLY ? null : await deliveryRunBench();
  const sellProducts = demoProducts(db, store.id);
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  db.$client.close();
  // The yardsticks (a) and (b) write to their own copy of the seeded database.
  const yardstickDbFile = `${dbFile}.yardstick.sqlite`;
  fs.copyFileSync(dbFile, yardstickDbFile);

  // The real clock (not the tests' pinned one): offline sales carry the phone's time.
  const server = await startTestServer({ dbFile, env: { CLOCK_START: "" } });
  const bare = await startBare();
  const client = new Client(server.url);
  await client.logIn("13800000001", "demo1234");
  await client.useOrg(store.id);
  const cookie = client.cookieHeader();

  const scenarios: { name: string; spec: Omit<LoadSpec, "concurrency" | "durationMs"> }[] = [
    { name: "GET /healthz (Express + SQLite ping)", spec: { url: `${server.url}/healthz` } },
    {
      name: "GET /store/products?q=ksf (guard + search + SSR)",
      spec: { url: `${server.url}/store/products?q=ksf`, cookie },
    },
    {
      name: "GET /store/products/:id (detail + 100 movements, SSR)",
      spec: { url: server.url, paths: productIds.slice(0, 100).map((id) => `/store/products/${id}`), cookie },
    },
    {
      name: "POST record a sale, 3 lines, cash (guard + zod + sale + ledger, 1 tx)",
      spec: {
        url: `${server.url}/store/sell`,
        method: "POST",
        form: {
          saleId: "{id}",
          tender: "cash",
          [`line.${productIds[0]}`]: "1",
          [`line.${productIds[1]}`]: "2",
          [`line.${productIds[2]}`]: "1",
        },
        cookie,
      },
    },
    {
      name: "POST receive stock (guard + zod + ledger write, 1 tx)",
      spec: {
        url: server.url,
        method: "POST",
        paths: productIds.slice(0, 100).map((id) => `/store/products/${id}/receive`),
        form: { requestId: "{id}", qty: "1", unit: "base", costFen: "3.00", batchNo: "", expiryDate: "" },
        cookie,
      },
    },
  ];

  const results: Record<string, { bare: number[]; app: LoadResult[] }> = {};
  for (let round = 0; round < (ONLY ? 0 : ROUNDS); round++) {
    for (const s of scenarios) {
      const entry = (results[s.name] ??= { bare: [], app: [] });
      entry.bare.push(load({ url: bare.url, concurrency: CONCURRENCY, durationMs: SECONDS * 1000 }).rps);
      entry.app.push(load({ ...s.spec, concurrency: CONCURRENCY, durationMs: SECONDS * 1000 }));
    }
  }
  const hasSync = (await fetch(`${server.url}/api/sales/sync`, { method: "POST" })).status !== 404;
  const salePath = await salePathBench(
    {
      serverUrl: server.url,
      cookie,
      storeId: store.id,
      actorId: owner.id,
      yardstickDbFile,
      products: sellProducts,
      rounds: ROUNDS,
      seconds: SECONDS,
      concurrency: CONCURRENCY,
      bareGetUrl: bare.url,
    },
    hasSync,
  );
  const memory = rssMb(server.process.pid!);
  const violations = ledgerViolations(server.db).length;
  bare.stop();
  await server.stop();

  const rows = Object.entries(results).map(([name, r]) => {
    const bareRps = median(r.bare);
    const rps = median(r.app.map((a) => a.rps));
    return {
      name,
      rps,
      bareRps,
      ratio: Math.round((rps / bareRps) * 1000) / 1000,
      p50: median(r.app.map((a) => a.p50)),
      p95: median(r.app.map((a) => a.p95)),
      p99: median(r.app.map((a) => a.p99)),
      errors: r.app.reduce((n, a) => n + a.errors, 0),
    };
  });
  const report = {
    date: new Date().toISOString(),
    rounds: ROUNDS,
    seconds: SECONDS,
    concurrency: CONCURRENCY,
    domain,
    deliveryRun,
    http: rows,
    memory,
    ledgerViolations: violations,
    salePath,
  };
  fs.writeFileSync(path.join(OUT, "results.json"), JSON.stringify(report, null, 2));

  console.log(`\n## Run of ${report.date} (${ROUNDS} rounds × ${SECONDS} s, ${CONCURRENCY} concurrent clients)\n`);
  console.log(
    "| scenario | req/s (median) | bare node:http req/s (same rounds) | ratio | p50 ms | p95 ms | p99 ms | errors |",
  );
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const r of rows)
    console.log(`| ${r.name} | ${r.rps} | ${r.bareRps} | ${r.ratio} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.errors} |`);
  console.log(
    `\n### Sale path and pages, side by side (issue 12)${hasSync ? "" : " — no /api/sales/sync in this build"}\n`,
  );
  console.log(salePathMarkdown(salePath));
  console.log(
    `\nServer memory after the load: RSS ${memory.rss} MB, peak ${memory.peak} MB. Ledger violations after the write load: ${violations}.`,
  );
  if (ONLY || !deliveryRun) {
    teardown();
    if (violations > 0) process.exitCode = 1;
    return;
  }
  console.log("\n| in-process (real SQLite file, WAL) | median |");
  console.log("| --- | ---: |");
  console.log(`| receiveStock, one receipt per transaction | ${domain.receiveStockMedianMs} ms |`);
  console.log(`| listProducts, 5,000 products, pinyin "ksf" | ${domain.search5kPinyinMedianMs} ms |`);
  console.log(`| listProducts, 5,000 products, name "可乐" | ${domain.search5kNameMedianMs} ms |`);
  console.log(`| listProducts, 5,000 products, first page, no search | ${domain.list5kFirstPageMedianMs} ms |`);
  console.log(
    `\n| pooled delivery run: ${deliveryRun.orders} store orders, ${deliveryRun.lines} lines, ${deliveryRun.skus} SKUs | median |`,
  );
  console.log("| --- | ---: |");
  console.log(`| pick list (consolidated by SKU, per-store split) | ${deliveryRun.pickListMedianMs} ms |`);
  console.log(`| packing lists (per store, stop order) | ${deliveryRun.packingListsMedianMs} ms |`);
  console.log(`| manifest (stops, contacts, amounts due) | ${deliveryRun.manifestMedianMs} ms |`);
  console.log("\n| shopkeeper page, first load (budget 120 KB) | gzip JS |");
  console.log("| --- | ---: |");
  for (const [id, bytes] of Object.entries(firstLoadGzipBytes(SHOPKEEPER_PAGES)))
    console.log(`| ${id} | ${(bytes / 1024).toFixed(1)} KB |`);
  // Restock suggestions against a reorder-point rule (decision 021).
  console.log(`\n${(await runBacktest()).markdown}`);
  // Store dashboard and distributor demand over a year of data, from rollups and from raw lines.
  const analysis = await analysisBench();
  fs.writeFileSync(path.join(OUT, "analysis.json"), JSON.stringify(analysis.result, null, 2));
  console.log(`\n${analysis.markdown}`);
  // The county bureau's home over 500 stores and a year, from county cells and from store-level rollups.
  const county = await countyBench();
  fs.writeFileSync(path.join(OUT, "county.json"), JSON.stringify(county.result, null, 2));
  console.log(`\n${county.markdown}`);
  if (!county.result.agrees) process.exitCode = 1;
  // Snapshot and restore times, demo and county-sized (decision 038).
  console.log(`\n${(await backupBench()).markdown}`);
  teardown();
  if (violations > 0) process.exitCode = 1;
}

await main();
