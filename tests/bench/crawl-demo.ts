import type { Page } from "playwright-core";
import { logInAs, openPhone, recordPageErrors } from "../support/browser";
import { demoServerLoggedIn } from "./demo-server";

/**
 * A walk of the demo by every demo account (README's table): each page its links reach, at
 * 360×740 with JavaScript on, one page per route shape (ids replaced), GET only. Reports pages
 * that answer 4xx/5xx, log a browser error (a hydration mismatch is one: React #418/#425) or are
 * wider than the phone. Found the bare dictionary keys of 2026-12-05 (weekday.1, role.director).
 * Not in `npm test` (several minutes); run it before a release:
 *
 *   npm run build && node --import tsx tests/bench/crawl-demo.ts
 *
 * CRAWL_USERS (comma-separated phones) and CRAWL_MAX (pages per organisation, default 150).
 */
const USERS = (
  process.env.CRAWL_USERS ?? "13800000001,13800000002,13800000003,13800000004,13800001026,13800000009"
).split(",");
const MAX = Number(process.env.CRAWL_MAX ?? 150);
/** Downloads, log-out and state-changing links are not pages to look at. */
const SKIP = /logout|\.xlsx|\.csv|\.pdf|\/export|\/download|\/api\/|\/photo$|\/files\//;

/** One page per route shape: ids (16 url-safe characters, or digits) become ":id". */
const shapeOf = (path: string) =>
  path
    .split("?")[0]
    .replace(/\/[A-Za-z0-9_-]{16}(?=\/|$)/g, "/:id")
    .replace(/\/\d+(?=\/|$)/g, "/:n");

async function crawlFrom(page: Page, base: string, start: string, errors: string[]) {
  const shapes = new Set<string>();
  const queue = [start];
  const problems: string[] = [];
  while (queue.length && shapes.size < MAX) {
    const path = queue.shift()!;
    const shape = shapeOf(path);
    if (shapes.has(shape) || shape === "/orgs") continue;
    shapes.add(shape);
    errors.length = 0;
    const res = await page.goto(base + path, { waitUntil: "load" });
    await page.waitForTimeout(200);
    if ((res?.status() ?? 0) >= 400) problems.push(`${path}: status ${res?.status()}`);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (wide > 1) problems.push(`${path}: ${wide} px wider than the phone`);
    for (const e of new Set(errors.map((x) => x.split("\n")[0]))) problems.push(`${path}: ${e}`);
    const links = await page.evaluate(() =>
      [...document.querySelectorAll("a[href]")].map((a) => a.getAttribute("href")!),
    );
    for (const href of links) {
      const url = new URL(href, base + path);
      if (url.origin !== new URL(base).origin || SKIP.test(url.pathname)) continue;
      queue.push(url.pathname + url.search);
    }
  }
  return { pages: shapes.size, problems };
}

async function main() {
  const { server, stop } = await demoServerLoggedIn();
  let failed = 0;
  try {
    for (const user of USERS) {
      const phone = await openPhone({ width: 360, height: 740 });
      const errors: string[] = [];
      recordPageErrors(phone.page, errors);
      try {
        await logInAs(phone.page, server.url, user, "demo1234");
        // An account with several organisations lands on /orgs: each is walked in turn.
        const landing = new URL(phone.page.url()).pathname;
        const choices = landing === "/orgs" ? await phone.page.locator("main ul form").count() : 1;
        for (let i = 0; i < choices; i++) {
          if (landing === "/orgs") {
            await phone.page.goto(`${server.url}/orgs`);
            await Promise.all([
              phone.page.waitForURL((u) => u.pathname !== "/orgs"),
              phone.page.locator("main ul form").nth(i).getByRole("button").click(),
            ]);
          }
          const start = new URL(phone.page.url()).pathname;
          const { pages, problems } = await crawlFrom(phone.page, server.url, start, errors);
          console.log(`${user} from ${start}: ${pages} pages, ${problems.length} problems`);
          for (const p of problems) console.log(`  ${p}`);
          failed += problems.length;
        }
      } finally {
        await phone.close();
      }
    }
  } finally {
    await stop();
  }
  if (failed) process.exitCode = 1;
}

await main();
