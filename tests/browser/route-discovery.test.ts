import { afterAll, beforeAll, expect, it } from "vitest";
import { makeProduct, makeStore } from "../support/factories";
import { logInAs, openPhone, recordPageErrors, waitForHydration } from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";

// Decision 050: Remix's lazy route discovery fetches the routes a page links to once it has
// hydrated. Patched, adding them no longer re-renders every route component of the page (it did
// twice, for nothing on screen); a discovered route is still used by the next navigation.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const DETAIL_ROUTE = "routes/store.products.$productId._index";

type Watched = {
  routerUpdates: string[];
  __remixRouter?: { state: Record<string, unknown>; subscribe: (f: (s: Record<string, unknown>) => void) => void };
  __remixManifest?: { routes: Record<string, unknown> };
  mark?: string;
};

it("discovers the product list's links without rendering the page again, then navigates in place", async () => {
  const { user, ctx } = await makeStore(server.db);
  const product = makeProduct(ctx, { name: "康师傅红烧牛肉面", priceFen: 450 });
  makeProduct(ctx, { name: "娃哈哈纯净水", priceFen: 150 });
  const phone = await openPhone({ width: 360 });
  const errors: string[] = [];
  recordPageErrors(phone.page, errors);
  try {
    await logInAs(phone.page, server.url, user.phone, user.password);
    // Every change of the router's state from the moment the router exists, with what changed.
    await phone.page.addInitScript(() => {
      const w = window as unknown as Watched;
      w.routerUpdates = [];
      const poll = setInterval(() => {
        const router = w.__remixRouter;
        if (!router) return;
        clearInterval(poll);
        let before = router.state;
        router.subscribe((state) => {
          w.routerUpdates.push(
            Object.keys(state)
              .filter((k) => state[k] !== before[k])
              .join(",") || "(nothing)",
          );
          before = state;
        });
      }, 1);
    });
    await phone.page.goto(`${server.url}/store/products`);
    await waitForHydration(phone.page);
    // Discovery has added the product page's route (it was not among the page's own routes).
    await phone.page.waitForFunction(
      (id) => Boolean((window as unknown as Watched).__remixManifest?.routes[id]),
      DETAIL_ROUTE,
    );
    await phone.page.waitForTimeout(300);
    expect(await phone.page.evaluate(() => (window as unknown as Watched).routerUpdates)).toEqual([]);

    await phone.page.evaluate(() => ((window as unknown as Watched).mark = "same document"));
    await Promise.all([
      phone.page.waitForURL((url) => url.pathname === `/store/products/${product.id}`),
      phone.page.getByRole("link", { name: /康师傅红烧牛肉面/ }).click(),
    ]);
    await phone.page.getByRole("heading", { name: "康师傅红烧牛肉面" }).waitFor();
    const after = await phone.page.evaluate(() => {
      const w = window as unknown as Watched;
      return { mark: w.mark, updates: w.routerUpdates };
    });
    expect(after.mark).toBe("same document");
    expect(after.updates.some((u) => u.includes("location"))).toBe(true);
    expect(errors).toEqual([]);
  } finally {
    await phone.close();
  }
});
