import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import Database from "better-sqlite3";
import type { Db } from "../../db/client";
import { freePort } from "../support/server";
import type { LoadResult, LoadSpec } from "./load";
import { rawSaleTarget, rawSaleWriter } from "./raw-sale";
import { median } from "./stats";

/**
 * Issue 12's side-by-side figures (decision 033), all in one run, 50 concurrent clients:
 * (a) the rows a 3-line sale writes, raw better-sqlite3, 1 and 100 sales per transaction;
 * (b) a bare node:http server doing (a) per request;
 * (c) the sync endpoint, single sales and batches of 100 (when the app has it);
 * (d) the sell form POST; (e) the sell page and product list GET, against a bare node:http
 * small-JSON server. Each app scenario runs right after its yardstick, round by round.
 */
export type SalePathInput = {
  serverUrl: string;
  cookie: string;
  storeId: string;
  actorId: string;
  /** A copy of the seeded database for the yardsticks (not the server's file). */
  yardstickDbFile: string;
  products: { id: string; priceFen: number }[];
  rounds: number;
  seconds: number;
  concurrency: number;
  /** The bare small-JSON GET server. */
  bareGetUrl: string;
};

export type Figure = { rps: number; p50: number; p99: number; errors: number };

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

async function startChild(file: string, env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", file], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve) => child.stdout!.once("data", () => resolve()));
  return { url: `http://127.0.0.1:${port}/`, child };
}

/** (a): sales per second for `seconds`, one per transaction or `batch` per transaction. */
function rawRate(writer: ReturnType<typeof rawSaleWriter>, seconds: number, batch: number): number {
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let n = 0;
  while (performance.now() < deadline) {
    if (batch === 1) writer.one();
    else writer.batch(batch);
    n += batch;
  }
  return Math.round(n / ((performance.now() - started) / 1000));
}

/** The 30 products the sale benches sell, by id (the demo store's active products). */
export function demoProducts(db: Db, storeId: string): { id: string; priceFen: number }[] {
  return db.$client
    .prepare(`SELECT id, price_fen AS priceFen FROM products WHERE org_id = ? AND active = 1 ORDER BY id LIMIT 30`)
    .all(storeId) as { id: string; priceFen: number }[];
}

export function syncBody(storeId: string, products: { id: string; priceFen: number }[], count: number): string {
  const sales = Array.from({ length: count }, (_, i) => ({
    saleId: "{id}",
    madeAt: "{now}",
    catalogVersion: 0,
    tender: "cash",
    lines: [0, 1, 2].map((j) => {
      const p = products[(i * 3 + j) % products.length];
      return { productId: p.id, qty: 1, unitPriceFen: p.priceFen };
    }),
  }));
  return JSON.stringify({ storeId, sales });
}

export async function salePathBench(input: SalePathInput, hasSyncEndpoint: boolean) {
  const { rounds, seconds, concurrency } = input;
  const durationMs = seconds * 1000;
  const sqlite = new Database(input.yardstickDbFile);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("busy_timeout = 5000");
  const writer = rawSaleWriter(sqlite, rawSaleTarget(sqlite, input.storeId, input.actorId));
  const bareSale = await startChild("tests/bench/bare-sale-server.ts", {
    DATABASE_PATH: input.yardstickDbFile,
    ORG_ID: input.storeId,
    ACTOR_ID: input.actorId,
  });
  const base = { cookie: input.cookie, concurrency, durationMs };
  const sellForm = {
    saleId: "{id}",
    tender: "cash",
    ...Object.fromEntries(input.products.slice(0, 3).map((p, i) => [`line.${p.id}`, String(i + 1)])),
  };
  const bareSaleSpec: LoadSpec = { url: bareSale.url, method: "POST", json: "{}", concurrency, durationMs };
  const bareGetSpec: LoadSpec = { url: input.bareGetUrl, concurrency, durationMs };
  const figures: Record<string, { yard: number[]; app: LoadResult[] }> = {};
  const add = (name: string, yard: number, app: LoadResult) => {
    const f = (figures[name] ??= { yard: [], app: [] });
    f.yard.push(yard);
    f.app.push(app);
  };
  const rawOne: number[] = [];
  const rawBatch: number[] = [];
  for (let r = 0; r < rounds; r++) {
    rawOne.push(rawRate(writer, Math.min(seconds, 3), 1));
    rawBatch.push(rawRate(writer, Math.min(seconds, 3), 100));
    const bareSaleRps = load(bareSaleSpec).rps;
    if (hasSyncEndpoint) {
      add(
        "(c) sync endpoint, 1 sale per request",
        bareSaleRps,
        load({
          ...base,
          url: `${input.serverUrl}/api/sales/sync`,
          method: "POST",
          json: syncBody(input.storeId, input.products, 1),
        }),
      );
    }
    add(
      "(d) sell form POST, 3 lines, cash",
      load(bareSaleSpec).rps,
      load({ ...base, url: `${input.serverUrl}/store/sell`, method: "POST", form: sellForm }),
    );
    if (hasSyncEndpoint) {
      const batch = load({
        ...base,
        url: `${input.serverUrl}/api/sales/sync`,
        method: "POST",
        json: syncBody(input.storeId, input.products, 100),
      });
      // Batches: sales per second against raw better-sqlite3 at 100 sales per transaction.
      add("(c) sync endpoint, batches of 100 (sales/s)", rawBatch[r], { ...batch, rps: Math.round(batch.rps * 100) });
    }
    add("(e) GET /store/sell", load(bareGetSpec).rps, load({ ...base, url: `${input.serverUrl}/store/sell` }));
    add("(e) GET /store/products", load(bareGetSpec).rps, load({ ...base, url: `${input.serverUrl}/store/products` }));
    // The framework's floor, for reading (e): the smallest page the app has (7 KB, no session, no
    // loader query) through the same Express + Remix + React server render.
    add(
      "(e) reference: GET /login, logged out",
      load(bareGetSpec).rps,
      load({ concurrency, durationMs, url: `${input.serverUrl}/login` }),
    );
  }
  bareSale.child.kill("SIGTERM");
  await new Promise((r) => bareSale.child.once("exit", r));
  sqlite.close();
  for (const f of ["", "-wal", "-shm"]) fs.rmSync(`${input.yardstickDbFile}${f}`, { force: true });
  // A row without a ratio is a reference, not a target.
  const targets: Record<string, { ratio?: number; p99?: number; against: string }> = {
    "(c) sync endpoint, 1 sale per request": { ratio: 0.5, against: "(b) bare sale server" },
    "(c) sync endpoint, batches of 100 (sales/s)": { ratio: 0.8, against: "(a) raw, 100 per tx" },
    "(d) sell form POST, 3 lines, cash": { ratio: 0.25, against: "(b) bare sale server" },
    "(e) GET /store/sell": { ratio: 0.05, p99: 200, against: "bare GET server" },
    "(e) GET /store/products": { ratio: 0.05, p99: 200, against: "bare GET server" },
    "(e) reference: GET /login, logged out": { against: "bare GET server" },
  };
  const rows = Object.entries(figures).map(([name, f]) => {
    const rps = median(f.app.map((a) => a.rps));
    const yard = median(f.yard);
    const p99 = median(f.app.map((a) => a.p99));
    const t = targets[name];
    const ratio = Math.round((rps / yard) * 1000) / 1000;
    const met = t.ratio === undefined ? null : ratio >= t.ratio && (t.p99 === undefined || p99 <= t.p99);
    return {
      name,
      rps,
      yardstick: yard,
      against: t.against,
      ratio,
      target: t.ratio === undefined ? "(reference)" : `≥ ${t.ratio}${t.p99 ? `, p99 ≤ ${t.p99} ms` : ""}`,
      met,
      p50: median(f.app.map((a) => a.p50)),
      p99,
      errors: f.app.reduce((n, a) => n + a.errors, 0),
      errorKinds: f.app.reduce<Record<string, number>>((kinds, a) => {
        for (const [k, n] of Object.entries(a.errorKinds ?? {})) kinds[k] = (kinds[k] ?? 0) + n;
        return kinds;
      }, {}),
    };
  });
  return {
    rawOnePerSec: median(rawOne),
    rawBatch100PerSec: median(rawBatch),
    bareSaleServerRps: median(Object.values(figures)[0]?.yard ?? []),
    rows,
  };
}

export function salePathMarkdown(r: Awaited<ReturnType<typeof salePathBench>>): string {
  const lines = [
    `(a) raw better-sqlite3, the 18 writes of a 3-line sale: ${r.rawOnePerSec} sales/s one per transaction, ${r.rawBatch100PerSec} sales/s 100 per transaction.`,
    "",
    "| scenario (50 clients) | app req/s | yardstick | yardstick req/s | ratio | target | met | p50 ms | p99 ms | errors |",
    "| --- | ---: | --- | ---: | ---: | --- | --- | ---: | ---: | ---: |",
    ...r.rows.map(
      (x) =>
        `| ${x.name} | ${x.rps} | ${x.against} | ${x.yardstick} | ${x.ratio} | ${x.target} | ${x.met === null ? "—" : x.met ? "yes" : "**no**"} | ${x.p50} | ${x.p99} | ${x.errors}${
          x.errors
            ? ` (${Object.entries(x.errorKinds)
                .map(([k, n]) => `${k} ×${n}`)
                .join(", ")})`
            : ""
        } |`,
    ),
  ];
  return lines.join("\n");
}

export function processMemory(pid: number): { rssMb: number; peakMb: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMb: Math.round(kb("VmRSS") / 1024), peakMb: Math.round(kb("VmHWM") / 1024) };
}
