import fs from "node:fs";
import path from "node:path";
import { TEST_OUTPUT } from "../support/paths";
import { demoServerLoggedIn } from "./demo-server";
import { busyMs, slowPhone, type CpuProfile } from "./slow-phone";

/**
 * Where a page's main-thread time goes while it loads and settles, in Chromium at a phone
 * viewport with the CPU slowed 4× (Lighthouse's mobile setting): the long tasks the page makes
 * (over 50 ms: what total blocking time counts), the main thread's busy time, how often the
 * router's state changed (each change renders the route components again: decision 050), and the
 * functions that take the most time in a CPU profile of the load. For the Lighthouse budget (docs/BENCHMARKS.md): Lighthouse says how
 * long the tasks are, not what runs in them.
 *
 * Usage: PROFILE_PAGES=/store/sell,/store/products node --import tsx tests/bench/profile-hydration.ts
 * (each page loaded PROFILE_LOADS times, default 3; profiles kept in test-output/hydration/).
 */
const PAGES = (process.env.PROFILE_PAGES ?? "/store/sell,/store/products,/store").split(",");
const LOADS = Number(process.env.PROFILE_LOADS ?? 3);
const OUT = path.join(TEST_OUTPUT, "hydration");

type Watched = {
  longTasks: { start: number; ms: number }[];
  routerUpdates: number;
  __remixRouter?: { subscribe: (f: () => void) => void };
};

/** Self time per function (ms), the largest first. */
function selfTimes(profile: CpuProfile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const total = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)!.callFrame;
    const file = frame.url ? frame.url.replace(/^https?:\/\/[^/]+/, "") : "";
    const key = `${frame.functionName || "(anonymous)"} ${file}:${frame.lineNumber + 1}`;
    total.set(key, (total.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...total].filter(([k]) => !k.startsWith("(idle)") && !k.startsWith("(program)")).sort((a, b) => b[1] - a[1]);
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const { server, client, stop } = await demoServerLoggedIn();
  try {
    for (const pagePath of PAGES) {
      for (let load = 1; load <= LOADS; load++) {
        const { phone, cdp } = await slowPhone(server.url, client);
        try {
          await cdp.send("Profiler.enable");
          await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
          await phone.page.addInitScript(() => {
            const w = window as unknown as Watched;
            w.longTasks = [];
            w.routerUpdates = 0;
            new PerformanceObserver((list) => {
              for (const e of list.getEntries())
                w.longTasks.push({ start: Math.round(e.startTime), ms: Math.round(e.duration) });
            }).observe({ type: "longtask", buffered: true });
            // Each change of the router's state re-renders the page's route components.
            const poll = setInterval(() => {
              if (!w.__remixRouter) return;
              clearInterval(poll);
              w.__remixRouter.subscribe(() => w.routerUpdates++);
            }, 1);
          });
          await cdp.send("Profiler.start");
          await phone.page.goto(`${server.url}${pagePath}`, { waitUntil: "networkidle" });
          await phone.page.waitForTimeout(1_500);
          const { profile } = (await cdp.send("Profiler.stop")) as unknown as { profile: CpuProfile };
          const { longTasks, routerUpdates } = await phone.page.evaluate(() => {
            const w = window as unknown as Watched;
            return { longTasks: w.longTasks, routerUpdates: w.routerUpdates };
          });
          const blocking = longTasks.reduce((n, t) => n + Math.max(0, t.ms - 50), 0);
          const name = `${pagePath.replace(/\//g, "_")}-${load}`;
          fs.writeFileSync(path.join(OUT, `${name}.cpuprofile`), JSON.stringify(profile));
          console.log(
            `\n${pagePath} load ${load}: main thread busy ${Math.round(busyMs(profile))} ms, blocking ${blocking} ms (4× CPU), router state changes ${routerUpdates}, long tasks ${longTasks.map((t) => `${t.ms}@${t.start}`).join(" ")}`,
          );
          for (const [fn, ms] of selfTimes(profile).slice(0, 15))
            console.log(`  ${ms.toFixed(1).padStart(7)} ms  ${fn}`);
        } finally {
          await phone.close();
        }
      }
    }
  } finally {
    await stop();
  }
}

await main();
