import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { openDatabase } from "../../db/client";
import { seedDemo } from "../../db/seed/demo";
import setup from "../setup/global-setup";
import { copyBaseDb } from "../support/db";
import { TEST_OUTPUT } from "../support/paths";
import { Client, SERVER_COMMAND, startTestServer } from "../support/server";
import { demoStore } from "./demo-store";
import type { LoadResult, LoadSpec } from "./load";
import { syncBody } from "./sale-path";
import { median } from "./stats";

/**
 * Where the server's resident memory goes under the sale-path load (decision 045), one way of
 * starting the server after another on the same seeded demo: the app scenarios of
 * tests/bench/sale-path.ts (sync single, sell POST, sync batches, sell GET, product list GET),
 * `MEMORY_ROUNDS` × `MEMORY_SECONDS`, 50 clients; RSS from /proc after each scenario and the V8
 * heap from inside the server (tests/bench/memory-probe.js).
 * `npm run build && node --import tsx tests/bench/memory.ts` (MEMORY_MODES=tsx,compiled,…).
 */
const MODES: Record<string, string[]> = {
  tsx: ["--import", "tsx", "server.ts"],
  "compiled-default-heap": ["build/server/serve.js"],
  compiled: SERVER_COMMAND,
};
const ROUNDS = Number(process.env.MEMORY_ROUNDS ?? 2);
const SECONDS = Number(process.env.MEMORY_SECONDS ?? 4);
const chosen = (process.env.MEMORY_MODES ?? Object.keys(MODES).join(",")).split(",").filter(Boolean);
const extra = process.env.MEMORY_EXTRA_MODE ? (JSON.parse(process.env.MEMORY_EXTRA_MODE) as string[]) : null;

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

function procMemory(pid: number) {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  // Anonymous memory (heap, malloc) against file-backed pages (node's binary, shared libraries).
  const rollup = fs.readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
  const anonymous = Number(/Anonymous:\s+(\d+)/.exec(rollup)?.[1] ?? 0);
  return {
    rss: Math.round(kb("VmRSS") / 1024),
    peak: Math.round(kb("VmHWM") / 1024),
    anonymous: Math.round(anonymous / 1024),
    threads: kb("Threads"),
  };
}

async function measure(name: string, command: string[], seeded: string) {
  const dbFile = path.join(TEST_OUTPUT, "db", `memory-${Date.now()}.sqlite`);
  fs.copyFileSync(seeded, dbFile);
  const probeFile = `${dbFile}.probe.jsonl`;
  const started = performance.now();
  const server = await startTestServer({
    dbFile,
    command: ["--import", path.resolve("tests/bench/memory-probe.js"), ...command],
    env: { CLOCK_START: "", MEMORY_PROBE_FILE: probeFile },
  });
  const startMs = Math.round(performance.now() - started);
  const atStart = procMemory(server.process.pid!);
  const client = new Client(server.url);
  await client.logIn("13800000001", "demo1234");
  const store = demoStore(server.db);
  await client.useOrg(store.id);
  const products = server.db.$client
    .prepare(`SELECT id, price_fen AS priceFen FROM products WHERE org_id = ? AND active = 1 ORDER BY id LIMIT 30`)
    .all(store.id) as { id: string; priceFen: number }[];
  const base = { cookie: client.cookieHeader(), concurrency: 50, durationMs: SECONDS * 1000 };
  const sync = `${server.url}/api/sales/sync`;
  const scenarios: [string, LoadSpec][] = [
    ["sync single", { ...base, url: sync, method: "POST", json: syncBody(store.id, products, 1) }],
    [
      "sell POST",
      {
        ...base,
        url: `${server.url}/store/sell`,
        method: "POST",
        form: {
          saleId: "{id}",
          tender: "cash",
          ...Object.fromEntries(products.slice(0, 3).map((p) => [`line.${p.id}`, "1"])),
        },
      },
    ],
    ["sync batches (sales/s)", { ...base, url: sync, method: "POST", json: syncBody(store.id, products, 100) }],
    ["sell GET", { ...base, url: `${server.url}/store/sell` }],
    ["products GET", { ...base, url: `${server.url}/store/products` }],
  ];
  const rps: Record<string, number[]> = {};
  const p99: Record<string, number[]> = {};
  for (let r = 0; r < ROUNDS; r++)
    for (const [label, spec] of scenarios) {
      const result = load(spec);
      (rps[label] ??= []).push(label.includes("batches") ? result.rps * 100 : result.rps);
      (p99[label] ??= []).push(result.p99);
    }
  const after = procMemory(server.process.pid!);
  if (process.env.MEMORY_SNAPSHOT) {
    // With `--heapsnapshot-signal=SIGUSR2` among the mode's flags: a heap snapshot after the load.
    const before = new Set(fs.readdirSync("."));
    server.process.kill("SIGUSR2");
    for (let i = 0; i < 120 && !fs.readdirSync(".").some((f) => !before.has(f) && f.endsWith(".heapsnapshot")); i++)
      await new Promise((r) => setTimeout(r, 500));
    await new Promise((r) => setTimeout(r, 5000));
  }
  await server.stop();
  const probe = fs
    .readFileSync(probeFile, "utf8")
    .trim()
    .split("\n")
    .map(
      (l) =>
        JSON.parse(l) as {
          rss: number;
          heapTotal: number;
          heapUsed: number;
          external: number;
          spaces: Record<string, number>;
        },
    );
  fs.rmSync(probeFile, { force: true });
  const last = probe[probe.length - 1];
  return {
    name,
    command: command.join(" "),
    startMs,
    rssAtStart: atStart.rss,
    rssAfter: after.rss,
    rssPeak: after.peak,
    anonymousAfter: after.anonymous,
    threads: after.threads,
    heapTotalMax: Math.max(...probe.map((p) => p.heapTotal)),
    oldSpaceMax: Math.max(...probe.map((p) => p.spaces.old_space ?? 0)),
    heapTotalLast: last.heapTotal,
    externalMax: Math.max(...probe.map((p) => p.external)),
    rps: Object.fromEntries(Object.entries(rps).map(([k, v]) => [k, median(v)])),
    p99: Object.fromEntries(Object.entries(p99).map(([k, v]) => [k, median(v)])),
  };
}

const teardown = setup();
const seeded = copyBaseDb();
const db = openDatabase(seeded);
await seedDemo(db);
db.$client.pragma("wal_checkpoint(TRUNCATE)");
db.$client.close();
const runs = [];
for (const name of chosen) runs.push(await measure(name, MODES[name], seeded));
if (extra) runs.push(await measure("extra", extra, seeded));
fs.rmSync(seeded, { force: true });
teardown();
fs.mkdirSync(path.join(TEST_OUTPUT, "bench"), { recursive: true });
fs.writeFileSync(path.join(TEST_OUTPUT, "bench", "memory.json"), JSON.stringify(runs, null, 2));
const labels = Object.keys(runs[0].rps);
console.log(
  `| how the server runs | start s | RSS at start MB | RSS after MB (anonymous) | peak MB | threads | V8 heap max MB (old space) | ${labels.map((l) => `${l} req/s (p99 ms)`).join(" | ")} |`,
);
console.log(`| --- | ---: | ---: | ---: | ---: | ---: | ---: | ${labels.map(() => "---:").join(" | ")} |`);
for (const r of runs)
  console.log(
    `| ${r.name} (\`${r.command}\`) | ${(r.startMs / 1000).toFixed(1)} | ${r.rssAtStart} | ${r.rssAfter} (${r.anonymousAfter}) | ${r.rssPeak} | ${r.threads} | ${r.heapTotalMax} (${r.oldSpaceMax}) | ${labels.map((l) => `${r.rps[l]} (${Math.round(r.p99[l])})`).join(" | ")} |`,
  );
