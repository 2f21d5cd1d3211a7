import { demoServerLoggedIn } from "./demo-server";
import { busyMs, slowPhone, type CpuProfile } from "./slow-phone";
import { median } from "./stats";

/**
 * What one render of a page's route components costs once the page has settled, in Chromium at a
 * phone viewport with the CPU slowed 4× (decision 050): after the load, the router is asked to
 * add no routes (`patchRoutes(null, [])`), which the unpatched router answers with a state
 * change and so a render of every route component, as it did twice per load after route
 * discovery; a CPU profile around each call gives the main thread's busy time. With the patch in
 * place the same call renders nothing, and the figure is the call itself.
 *
 * Usage: npm run build && node --import tsx tests/bench/rerender-cost.ts
 * (RERENDER_PAGES, default /store/sell,/store/products,/store; RERENDER_CALLS per page, default 6).
 */
const PAGES = (process.env.RERENDER_PAGES ?? "/store/sell,/store/products,/store").split(",");
const CALLS = Number(process.env.RERENDER_CALLS ?? 6);

type Routed = { __remixRouter: { patchRoutes: (parentId: null, children: []) => void } };

async function main() {
  const { server, client, stop } = await demoServerLoggedIn();
  try {
    for (const pagePath of PAGES) {
      const { phone, cdp } = await slowPhone(server.url, client);
      try {
        await phone.page.goto(`${server.url}${pagePath}`, { waitUntil: "networkidle" });
        await phone.page.waitForTimeout(1_500);
        await cdp.send("Profiler.enable");
        await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
        const busy: number[] = [];
        for (let call = 0; call < CALLS; call++) {
          await cdp.send("Profiler.start");
          await phone.page.evaluate(() => (window as unknown as Routed).__remixRouter.patchRoutes(null, []));
          await phone.page.waitForTimeout(400);
          const { profile } = (await cdp.send("Profiler.stop")) as unknown as { profile: CpuProfile };
          busy.push(Math.round(busyMs(profile)));
        }
        console.log(`${pagePath}: main thread busy per call at 4× CPU, median ${median(busy)} ms (${busy.join(", ")})`);
      } finally {
        await phone.close();
      }
    }
  } finally {
    await stop();
  }
}

await main();
