import type { Page } from "playwright-core";
import type { Locale } from "../../app/i18n/locale";
import { logInAs } from "./browser";

/** The accounts of the README's demo table: the shop, its clerk, the office, the driver, the produce shop, the bureau. */
export const DEMO_WALKERS = ["13800000001", "13800000002", "13800000003", "13800000004", "13800001026", "13800000009"];

/** Downloads, log-out and the API are not pages to look at; a photo is an image, not a page. */
const SKIP = /logout|\.xlsx|\.csv|\.pdf|\/export|\/download|\/api\/|\/photo$|\/files\//;

/** One page per route shape: ids (16 url-safe characters, or digits) become ":id". */
export const shapeOf = (path: string) =>
  path
    .split("?")[0]
    .replace(/\/[A-Za-z0-9_-]{16}(?=\/|$)/g, "/:id")
    .replace(/\/\d+(?=\/|$)/g, "/:n");

export type Walk = { start: string; pages: number; problems: string[] };

/**
 * Logs `phone` in and opens each page its links reach, one per route shape, GET only, in every
 * organisation it has (an account with several lands on /orgs), in `locale`. A problem is an
 * error answer, a browser error logged into `errors` (recordPageErrors; a hydration mismatch is
 * one, React #418/#425), a page wider than the phone or a placeholder wider than its field.
 */
export async function walkAccount(
  page: Page,
  base: string,
  phone: string,
  password: string,
  errors: string[],
  max = 150,
  locale: Locale = "zh-CN",
) {
  await logInAs(page, base, phone, password);
  // The language switch's cookie, set once logged in (the log-in helper reads the Chinese labels).
  if (locale !== "zh-CN") await page.context().addCookies([{ name: "vl_lang", value: locale, url: base }]);
  const landing = new URL(page.url()).pathname;
  // A hydrated log-in navigates in the page: the address changes before the list is drawn.
  if (landing === "/orgs") await page.locator("main ul form").first().waitFor();
  const choices = landing === "/orgs" ? await page.locator("main ul form").count() : 1;
  const walks: Walk[] = [];
  for (let i = 0; i < choices; i++) {
    if (landing === "/orgs") {
      await page.goto(`${base}/orgs`);
      await Promise.all([
        page.waitForURL((u) => u.pathname !== "/orgs"),
        page.locator("main ul form").nth(i).getByRole("button").click(),
      ]);
    }
    walks.push(await walkFrom(page, base, new URL(page.url()).pathname, errors, max));
  }
  return walks;
}

async function walkFrom(page: Page, base: string, start: string, errors: string[], max: number): Promise<Walk> {
  const shapes = new Set<string>();
  const queue = [start];
  const problems: string[] = [];
  while (queue.length && shapes.size < max) {
    const path = queue.shift()!;
    const shape = shapeOf(path);
    if (shapes.has(shape)) continue;
    shapes.add(shape);
    errors.length = 0;
    const res = await page.goto(base + path, { waitUntil: "load" });
    await page.waitForTimeout(200);
    if ((res?.status() ?? 0) >= 400) problems.push(`${path}: status ${res?.status()}`);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (wide > 1) problems.push(`${path}: ${wide} px wider than the phone`);
    for (const cut of await cutPlaceholders(page)) problems.push(`${path}: placeholder cut off: ${cut}`);
    for (const e of new Set(errors.map((x) => x.split("\n")[0]))) problems.push(`${path}: ${e}`);
    const links = await page.evaluate(() =>
      [...document.querySelectorAll("a[href]")].map((a) => a.getAttribute("href")!),
    );
    for (const href of links) {
      const url = new URL(href, base + path);
      if (url.origin === new URL(base).origin && !SKIP.test(url.pathname)) queue.push(url.pathname + url.search);
    }
  }
  return { start, pages: shapes.size, problems };
}

/**
 * Placeholders longer than their field at this width: the hint is cut off mid-word. Measured as
 * the browser draws it (the placeholder typed in as the value, for a moment, and the field's
 * scroll width read), so the search field's clear button and the font in use count.
 */
function cutPlaceholders(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLInputElement>("input[placeholder]")]
      .filter((el) => el.offsetParent !== null)
      .filter((el) => {
        const value = el.value;
        el.value = el.placeholder;
        const cut = el.scrollWidth > el.clientWidth;
        el.value = value;
        return cut;
      })
      .map((el) => `"${el.placeholder}"`),
  );
}
