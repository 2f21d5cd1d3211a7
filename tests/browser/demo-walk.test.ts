import { afterAll, beforeAll, expect, it } from "vitest";
import { DEMO_PASSWORD, seedDemo } from "../../db/seed/demo";
import { LOCALES } from "../../app/i18n/locale";
import { openPhone, recordPageErrors } from "../support/browser";
import { PINNED_NOW } from "../support/clock";
import { startTestServer, type TestServer } from "../support/server";
import { DEMO_WALKERS, walkAccount } from "../support/walk";

// Every demo account walks the demo at 360×740 with JavaScript on, in Chinese and in English: each page its links reach,
// one per route shape, in each of its organisations. None may answer an error, log a browser
// error (a hydration mismatch is one: the clerk's analysis page and the bureau's /orgs showed
// bare dictionary keys, weekday.1 and role.director, until 2026-12-05) or be wider than the phone.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  await seedDemo(server.db, { now: PINNED_NOW });
}, 180_000);
afterAll(() => server?.stop());

// In both languages: English had its own mismatch (Node wrote "24:24" for 00:24 with
// `hour12: false`, the browser "00:24": the alliance's member list, until 2026-12-06).
const WALKS = LOCALES.flatMap((locale) => DEMO_WALKERS.map((phoneNumber) => [phoneNumber, locale] as const));

it.each(WALKS)(
  "%s walks every page the links reach in %s: no error, no hydration mismatch, nothing wider than the phone",
  async (phoneNumber, locale) => {
    const phone = await openPhone({ width: 360, height: 740 });
    const errors: string[] = [];
    recordPageErrors(phone.page, errors);
    try {
      const walks = await walkAccount(phone.page, server.url, phoneNumber, DEMO_PASSWORD, errors, 150, locale);
      // The walk went somewhere: each organisation's home and the pages it links to.
      expect(walks.length).toBeGreaterThan(0);
      for (const walk of walks) expect(walk.pages, `pages from ${walk.start}`).toBeGreaterThan(4);
      expect(walks.flatMap((w) => w.problems)).toEqual([]);
      // The pages were in the language asked for.
      expect(await phone.page.locator("html").getAttribute("lang")).toBe(locale);
    } finally {
      await phone.close();
    }
  },
  180_000,
);
