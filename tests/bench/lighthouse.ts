import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { openDatabase } from "../../db/client";
import { seedDemo } from "../../db/seed/demo";
import setup from "../setup/global-setup";
import { copyBaseDb } from "../support/db";
import { TEST_OUTPUT } from "../support/paths";
import { Client, startTestServer } from "../support/server";
import { demoStore } from "./demo-store";

/**
 * `npm run lighthouse`: Lighthouse 12 (mobile, simulated slow 4G and a 4× slower CPU, its
 * defaults) against the production build on the 兰考县 demo, logged in as the store owner
 * 13800000001; LIGHTHOUSE_RUNS runs per page (default 3), medians. Budgets (docs/BENCHMARKS.md):
 * performance ≥ 98 and LCP ≤ 1.8 s on the sell page, the product list and the store home.
 * Reports go to test-output/lighthouse/.
 */
const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 3);
const PAGES = [
  { name: "sell", path: "/store/sell" },
  { name: "product list", path: "/store/products" },
  { name: "store home", path: "/store" },
];
const OUT = path.join(TEST_OUTPUT, "lighthouse");

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

type Report = {
  categories: { performance: { score: number } };
  audits: Record<string, { numericValue?: number }>;
};

function lighthouse(url: string, file: string, headers: string) {
  execFileSync(
    "npx",
    [
      "lighthouse",
      url,
      "--form-factor=mobile",
      "--only-categories=performance",
      "--output=json",
      `--output-path=${file}`,
      "--quiet",
      `--extra-headers=${headers}`,
      "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking",
    ],
    { env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? "/usr/bin/chromium" }, stdio: "inherit" },
  );
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const teardown = setup();
  const dbFile = copyBaseDb();
  const db = openDatabase(dbFile);
  await seedDemo(db);
  const store = demoStore(db);
  db.$client.close();
  const server = await startTestServer({ dbFile, env: { CLOCK_START: "" } });
  const rows: { name: string; path: string; scores: number[]; lcps: number[]; tbts: number[] }[] = [];
  try {
    const client = new Client(server.url);
    await client.logIn("13800000001", "demo1234");
    await client.useOrg(store.id);
    const headers = JSON.stringify({ Cookie: client.cookieHeader() });
    for (const page of PAGES) {
      const row = { ...page, scores: [] as number[], lcps: [] as number[], tbts: [] as number[] };
      for (let run = 0; run < RUNS; run++) {
        const file = path.join(OUT, `${page.name.replace(/ /g, "-")}-${run + 1}.json`);
        // Lighthouse sometimes fails to record the trace on a busy machine (NO_NAVSTART): that
        // run is taken again, up to twice; a page that keeps failing still fails the bench.
        for (let attempt = 1; ; attempt++) {
          try {
            lighthouse(`${server.url}${page.path}`, file, headers);
            break;
          } catch (error) {
            if (attempt >= 3) throw error;
            console.error(`${page.path} run ${run + 1}: Lighthouse failed, taking it again`);
          }
        }
        const report = JSON.parse(fs.readFileSync(file, "utf8")) as Report;
        row.scores.push(Math.round(report.categories.performance.score * 100));
        row.lcps.push(report.audits["largest-contentful-paint"].numericValue ?? NaN);
        row.tbts.push(report.audits["total-blocking-time"].numericValue ?? NaN);
      }
      rows.push(row);
    }
  } finally {
    await server.stop();
    teardown();
  }
  const result = rows.map((r) => ({
    page: r.name,
    path: r.path,
    performance: median(r.scores),
    lcpMs: Math.round(median(r.lcps)),
    tbtMs: Math.round(median(r.tbts)),
    runs: r.scores.map((s, i) => `${s} / ${(r.lcps[i] / 1000).toFixed(2)} s`),
    met: median(r.scores) >= 98 && median(r.lcps) <= 1800,
  }));
  fs.writeFileSync(
    path.join(OUT, "results.json"),
    JSON.stringify({ date: new Date().toISOString(), runs: RUNS, result }, null, 2),
  );
  console.log(`\n## Lighthouse ${new Date().toISOString()} (mobile, ${RUNS} runs per page, medians)\n`);
  console.log("| page | performance | LCP | TBT | runs (score / LCP) | budget met |");
  console.log("| --- | ---: | ---: | ---: | --- | --- |");
  for (const r of result)
    console.log(
      `| ${r.page} (${r.path}) | ${r.performance} | ${(r.lcpMs / 1000).toFixed(2)} s | ${r.tbtMs} ms | ${r.runs.join(", ")} | ${r.met ? "yes" : "**no**"} |`,
    );
  if (result.some((r) => !r.met)) process.exitCode = 1;
}

await main();
