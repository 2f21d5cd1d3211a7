import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { appRoutes, type Route } from "../support/app-routes";
import { TEST_OUTPUT } from "../support/paths";
import { median } from "./stats";

/**
 * The static handler's route match in one process, patched and unpatched side by side (decision
 * 049): the server's @remix-run/router (dist/router.cjs.js, patched at install) against the
 * package's unpatched ES build (dist/router.js), each with a static handler over the app's routes
 * (from the build's manifest), `query()` of a page in turns, ROUNDS × N calls each, medians of
 * microseconds per call. In one process and in turns, so a busy machine slows both alike.
 * `npm run build && node --import tsx tests/bench/route-match.ts`
 */
type Handler = { query: (request: Request) => Promise<unknown> };
type Router = { createStaticHandler: (routes: Route[]) => Handler };

const N = Number(process.env.ROUTE_MATCH_CALLS ?? 2000);
const ROUNDS = Number(process.env.ROUTE_MATCH_ROUNDS ?? 7);
const PAGES = ["/store/sell", "/store/products", "/login", "/store/products/p1/receive", "/nope"];

const require = createRequire(import.meta.url);
const patched = require("@remix-run/router") as Router;
const referenceFile = path.join(TEST_OUTPUT, `router-reference-${process.pid}.mjs`);
fs.mkdirSync(TEST_OUTPUT, { recursive: true });
const source = fs.readFileSync(path.join(path.dirname(require.resolve("@remix-run/router")), "router.js"), "utf8");
fs.writeFileSync(referenceFile, source);
const unpatched = (await import(pathToFileURL(referenceFile).href)) as Router;
fs.rmSync(referenceFile);

const routes = appRoutes();
const handlers = { unpatched: unpatched.createStaticHandler(routes), patched: patched.createStaticHandler(routes) };

const rows: string[] = [];
for (const page of PAGES) {
  const request = () => new Request(`http://localhost${page}`);
  const times: Record<keyof typeof handlers, number[]> = { unpatched: [], patched: [] };
  for (const name of Object.keys(handlers) as (keyof typeof handlers)[]) await handlers[name].query(request());
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of Object.keys(handlers) as (keyof typeof handlers)[]) {
      const start = process.hrtime.bigint();
      for (let i = 0; i < N; i++) await handlers[name].query(request());
      times[name].push(Number(process.hrtime.bigint() - start) / 1000 / N);
    }
  }
  const [u, p] = [median(times.unpatched), median(times.patched)];
  rows.push(`| ${page} | ${u.toFixed(1)} | ${p.toFixed(1)} | ${(u / p).toFixed(1)}× |`);
}
console.log(`Static handler query(), µs per call (medians of ${ROUNDS} rounds × ${N} calls, in turns; load ${fs
  .readFileSync("/proc/loadavg", "utf8")
  .split(" ")
  .slice(0, 3)
  .join(" ")}):

| page | unpatched | patched | faster |
| --- | ---: | ---: | ---: |
${rows.join("\n")}`);
