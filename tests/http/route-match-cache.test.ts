import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import "~/http/route-match-cache.server";

type Route = { id: string; path?: string; index?: boolean; children?: Route[] };
type Match = { params: Record<string, string | undefined>; pathname: string; pathnameBase: string; route: Route };
const router = createRequire(import.meta.url)("@remix-run/router") as {
  matchRoutes: ((routes: Route[], location: string, basename?: string) => Match[] | null) & { cached?: true };
};

// The shape Remix gives the router: a root layout, pathless and index routes, params, a splat.
const tree = (): Route[] => [
  {
    id: "root",
    path: "",
    children: [
      { id: "routes/_index", index: true },
      {
        id: "routes/store",
        path: "store",
        children: [
          { id: "routes/store._index", index: true },
          { id: "routes/store.sell", path: "sell" },
          { id: "routes/store.products.$productId._index", path: "products/:productId" },
          { id: "routes/store.products.$productId.receive", path: "products/:productId/receive" },
        ],
      },
      { id: "routes/$", path: "*" },
    ],
  },
];

const shape = (matches: Match[] | null) =>
  matches?.map((m) => ({ id: m.route.id, params: m.params, pathname: m.pathname, base: m.pathnameBase })) ?? null;

describe("the route match cache (decision 033)", () => {
  it("replaces the router's matchRoutes and answers the same the second time as the first", () => {
    expect(router.matchRoutes.cached).toBe(true);
    const paths = ["/", "/store", "/store/sell", "/store/products/abc", "/store/products/x%20y/receive", "/nope/deep"];
    for (const path of paths) {
      const first = shape(router.matchRoutes(tree(), path));
      const again = shape(router.matchRoutes(tree(), path));
      expect(again).toEqual(first);
    }
    expect(shape(router.matchRoutes(tree(), "/store/products/abc?tab=1"))).toEqual([
      { id: "root", params: { productId: "abc" }, pathname: "/", base: "/" },
      { id: "routes/store", params: { productId: "abc" }, pathname: "/store", base: "/store" },
      {
        id: "routes/store.products.$productId._index",
        params: { productId: "abc" },
        pathname: "/store/products/abc",
        base: "/store/products/abc",
      },
    ]);
    expect(shape(router.matchRoutes(tree(), "/nope/deep"))?.at(-1)).toEqual({
      id: "routes/$",
      params: { "*": "nope/deep" },
      pathname: "/nope/deep",
      base: "/",
    });
  });

  it("hands out the route objects of the tree it is given, and fresh params each time", () => {
    const a = tree();
    const b = tree();
    const fromA = router.matchRoutes(a, "/store/sell")!;
    const fromB = router.matchRoutes(b, "/store/sell")!;
    expect(fromB.at(-1)!.route).toBe(b[0].children![1].children![1]);
    expect(fromA.at(-1)!.route).toBe(a[0].children![1].children![1]);
    const p1 = router.matchRoutes(a, "/store/products/p1")!;
    p1[0].params.productId = "changed";
    expect(router.matchRoutes(a, "/store/products/p1")!.at(-1)!.params).toEqual({ productId: "p1" });
  });

  it("a tree of another shape is matched on its own", () => {
    const other: Route[] = [{ id: "root", path: "", children: [{ id: "routes/store", path: "store" }] }];
    router.matchRoutes(tree(), "/store");
    expect(shape(router.matchRoutes(other, "/store"))?.map((m) => m.id)).toEqual(["root", "routes/store"]);
    expect(router.matchRoutes(other, "/store/sell")).toBeNull();
  });
});
