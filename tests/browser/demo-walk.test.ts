import { afterAll, beforeAll, expect, it } from "vitest";
import { DEMO_PASSWORD, seedDemo } from "../../db/seed/demo";
import { openPhone, recordPageErrors } from "../support/browser";
import { PINNED_NOW } from "../support/clock";
import { startTestServer, type TestServer } from "../support/server";
import { DEMO_WALKERS, walkAccount } from "../support/walk";

// Every demo account walks the demo at 360×740 with JavaScript on: each page its links reach,
// one per route shape, in each of its organisations. None may answer an error, log a browser
// error (a hydration mismatch is one: the clerk's analysis page and the bureau's /orgs showed
// bare dictionary keys, weekday.1 and role.director, until 2026-12-05) or be wider than the phone.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  await seedDemo(server.db, { now: PINNED_NOW });
}, 180_000);
afterAll(() => server?.stop());

it.each(DEMO_WALKERS)(
  "%s walks every page the links reach: no error, no hydration mismatch, nothing wider than the phone",
  async (phoneNumber) => {
    const phone = await openPhone({ width: 360, height: 740 });
    const errors: string[] = [];
    recordPageErrors(phone.page, errors);
    try {
      const walks = await walkAccount(phone.page, server.url, phoneNumber, DEMO_PASSWORD, errors);
      // The walk went somewhere: each organisation's home and the pages it links to.
      expect(walks.length).toBeGreaterThan(0);
      for (const walk of walks) expect(walk.pages, `pages from ${walk.start}`).toBeGreaterThan(4);
      expect(walks.flatMap((w) => w.problems)).toEqual([]);
    } finally {
      await phone.close();
    }
  },
  180_000,
);
