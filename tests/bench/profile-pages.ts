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
import { demoProducts, syncBody } from "./sale-path";

/**
 * A CPU profile of the server answering one page under load (decision 045): the demo seeded, the
 * compiled server started with `--cpu-prof`, `PROFILE_SECONDS` of 50 clients on `PROFILE_PATH`
 * (default /store/sell), then the profile's self and inclusive time per function, top 40.
 * `npm run build && PROFILE_PATH=/store/products node --import tsx tests/bench/profile-pages.ts`;
 * `PROFILE_SYNC_BATCH=1` (or 100) profiles the sync endpoint with batches of that many sales.
 */
const PAGE = process.env.PROFILE_PATH ?? "/store/sell";
const SECONDS = Number(process.env.PROFILE_SECONDS ?? 8);
const DIR = path.join(TEST_OUTPUT, "bench", "profiles");

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

function summarise(profile: Profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (n: Node) =>
    `${n.callFrame.functionName || "(anonymous)"} ${n.callFrame.url.replace(/^.*node_modules\//, "").replace(/^file:\/\/\/.*?\/(build|app|db)\//, "$1/")}:${n.callFrame.lineNumber}`;
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    all += dt;
    const node = byId.get(id)!;
    self.set(label(node), (self.get(label(node)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const l = label(byId.get(cur)!);
      if (seen.has(l)) continue;
      seen.add(l);
      total.set(l, (total.get(l) ?? 0) + dt);
    }
  });
  const pct = (x: number) => `${((x / all) * 100).toFixed(1)} %`;
  const top = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, Number(process.env.PROFILE_TOP ?? 40))
      .map(([l, t]) => `${pct(t).padStart(7)}  ${l}`);
  return `self:\n${top(self).join("\n")}\n\ninclusive:\n${top(total).join("\n")}`;
}

const teardown = setup();
const dbFile = copyBaseDb();
const db = openDatabase(dbFile);
await seedDemo(db);
db.$client.close();
fs.rmSync(DIR, { recursive: true, force: true });
fs.mkdirSync(DIR, { recursive: true });
const server = await startTestServer({
  dbFile,
  // PROFILE_COMMAND (JSON) replaces the server's usual flags and script, to compare settings.
  command: [
    "--cpu-prof",
    `--cpu-prof-dir=${DIR}`,
    ...(process.env.PROFILE_COMMAND ? (JSON.parse(process.env.PROFILE_COMMAND) as string[]) : SERVER_COMMAND),
  ],
  env: { CLOCK_START: "" },
});
const client = new Client(server.url);
await client.logIn("13800000001", "demo1234");
const store = demoStore(server.db);
await client.useOrg(store.id);
// PROFILE_SYNC_BATCH=n profiles the outbox's sync endpoint instead: POSTs of n demo sales each.
const syncBatch = Number(process.env.PROFILE_SYNC_BATCH ?? 0);
const spec: LoadSpec = {
  url: server.url + (syncBatch ? "/api/sales/sync" : PAGE),
  cookie: client.cookieHeader(),
  concurrency: 50,
  durationMs: SECONDS * 1000,
  ...(syncBatch
    ? { method: "POST" as const, json: syncBody(store.id, demoProducts(server.db, store.id), syncBatch) }
    : {}),
};
/** CPU seconds (user + system) the server process has used so far. */
const cpuSeconds = () => {
  const fields = fs.readFileSync(`/proc/${server.process.pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
const cpuBefore = cpuSeconds();
const result = JSON.parse(
  execFileSync(process.execPath, ["--import", "tsx", "tests/bench/load.ts", "--spec", JSON.stringify(spec)], {
    encoding: "utf8",
  }),
) as LoadResult;
const cpuMsPerRequest = ((cpuSeconds() - cpuBefore) * 1000) / result.requests;
await server.stop();
teardown();
const file = fs.readdirSync(DIR).find((f) => f.endsWith(".cpuprofile"));
console.log(
  `${syncBatch ? `sync ×${syncBatch}` : PAGE}: ${result.rps} req/s, p99 ${result.p99} ms, errors ${result.errors}, server CPU ${cpuMsPerRequest.toFixed(2)} ms per request`,
);
if (file) console.log(summarise(JSON.parse(fs.readFileSync(path.join(DIR, file), "utf8")) as Profile));
