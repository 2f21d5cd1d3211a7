import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { Outlet } from "react-router-dom";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { appRoutes, type Route } from "../support/app-routes";
import { TEST_OUTPUT } from "../support/paths";

/**
 * The patches in patches/ (decision 049), applied by `patch-package` at `npm install`: the
 * server's copy of @remix-run/router (dist/router.cjs.js) flattens and ranks the static handler's
 * routes once and keeps compiled path patterns. Its answers are compared with the package's
 * ES module build (dist/router.js, the one the browser bundle uses: same version, same source,
 * and unpatched in matching; its one patch, decision 050's, is in the browser router's route
 * discovery, which the server does not use) on every route of the app's build and on edge paths.
 */
type Match = { params: Record<string, string | undefined>; pathname: string; pathnameBase: string; route: Route };
type Context = { statusCode: number; matches: Match[] };
type Router = {
  matchRoutes: (routes: Route[], location: string, basename?: string) => Match[] | null;
  createStaticHandler: (
    routes: Route[],
    opts?: { basename?: string },
  ) => {
    query: (request: Request) => Promise<Context | Response>;
    queryRoute: (request: Request, opts?: { routeId?: string }) => Promise<unknown>;
  };
};

const require = createRequire(import.meta.url);
const patched = require("@remix-run/router") as Router;
const reference = { current: undefined as Router | undefined };
const referenceFile = path.join(TEST_OUTPUT, `router-reference-${process.pid}.mjs`);

beforeAll(async () => {
  fs.mkdirSync(TEST_OUTPUT, { recursive: true });
  const source = fs.readFileSync(path.join(path.dirname(require.resolve("@remix-run/router")), "router.js"), "utf8");
  fs.writeFileSync(referenceFile, source.replace(/^\/\/# sourceMappingURL=.*$/m, ""));
  reference.current = (await import(/* @vite-ignore */ pathToFileURL(referenceFile).href)) as Router;
});
afterAll(() => fs.rmSync(referenceFile, { force: true }));
const ref = () => reference.current!;

/** Every route's full path with its params filled in, and variants of it. */
function pathsOf(routes: Route[]): string[] {
  const full: string[] = [];
  const walk = (rs: Route[], prefix: string) => {
    for (const r of rs) {
      const p = r.path ? `${prefix}/${r.path}`.replace(/\/+/g, "/") : prefix;
      full.push(p || "/");
      if (r.children) walk(r.children, p);
    }
  };
  walk(routes, "");
  const out = new Set<string>();
  for (const p of full) {
    const filled = p.replace(/:[\w-]+\??/g, (_, i: number) => `v${i}`).replace(/\*$/, "a/b");
    out.add(filled);
    out.add(`${filled}/`);
    out.add(filled.toUpperCase());
    out.add(`${filled}/unknown`);
    out.add(`${filled}/x%20y`);
    out.add(`${filled}?index`);
    out.add(p.replace(/:([\w-]+)\??/g, "%3A$1"));
  }
  return [...out];
}

const EDGES = [
  "/",
  "",
  "//",
  "/nope",
  "/nope/deep/er",
  "/store//sell",
  "/store/sell//",
  "/STORE/Sell",
  "/store/products/x%2Fy",
  "/store/products/%E4%BA%A7%E5%93%81",
  "/store/products/%ZZ",
  "/store/products/a/b/c/d",
  "/__manifest",
  "/store/sell?_data=routes%2Fstore.sell",
  "/store/sell#top",
];

const shape = (matches: Match[] | null | undefined) =>
  matches?.map((m) => [m.route.id, m.params, m.pathname, m.pathnameBase]) ?? null;

async function queried(handler: ReturnType<Router["createStaticHandler"]>, p: string) {
  const answer = await handler.query(new Request(`http://localhost${p.startsWith("/") ? p : `/${p}`}`));
  if (answer instanceof Response) return { response: answer.status };
  return { status: answer.statusCode, matches: shape(answer.matches) };
}

describe("the package patches (decision 049)", () => {
  it("are in place: the server's router and RemixServer carry them", () => {
    const routerSource = fs.readFileSync(require.resolve("@remix-run/router"), "utf8");
    expect(routerSource).toContain("VillageLink patch (docs/decisions/049)");
    expect(routerSource).toContain("matchRoutesImpl(dataRoutes, location, basename, false, rankedDataBranches)");
    const remixServer = fs.readFileSync(require.resolve("@remix-run/react/dist/server.js"), "utf8");
    expect(remixServer).toContain("serverRoutesFor(manifest.routes, routeModules");
    // The browser's copy has none of the matching changes (the bundle budget depends on it), only
    // decision 050's: route discovery does not re-render the page (tests/browser/route-discovery).
    const browserCopy = fs.readFileSync(referenceFile, "utf8");
    expect(browserCopy).not.toContain("docs/decisions/049");
    expect(browserCopy).toContain("VillageLink patch (docs/decisions/050)");
  });

  it("the static handler matches every route of the app's build as the unpatched router does", async () => {
    const routes = appRoutes();
    expect(routes.length).toBe(1);
    const paths = [...pathsOf(routes), ...EDGES];
    expect(paths.length).toBeGreaterThan(500);
    const mine = patched.createStaticHandler(routes);
    const theirs = ref().createStaticHandler(routes);
    // "/store/products/%ZZ" cannot be decoded: both routers warn, and match it undecoded.
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    let matched = 0;
    // Twice: the second pass answers from the kept branches and patterns.
    for (let pass = 0; pass < 2; pass++) {
      for (const p of paths) {
        const expected = await queried(theirs, p);
        expect({ p, ...(await queried(mine, p)) }).toEqual({ p, ...expected });
        expect({ p, m: shape(patched.matchRoutes(routes, p)) }).toEqual({ p, m: shape(ref().matchRoutes(routes, p)) });
        if (expected.status === 200) matched++;
      }
    }
    warn.mockRestore();
    // Both found pages and both found 404s: the comparison is not of two empty answers.
    expect(matched).toBeGreaterThan(200);
    expect((await queried(mine, "/store/sell")).matches?.map((m) => m[0])).toEqual([
      "root",
      "routes/store",
      "routes/store.sell",
    ]);
    expect((await queried(mine, "/nope/deep/er")).status).toBe(404);
  });

  // Params, a splat, optional segments, index routes, pathless layouts, case sensitivity.
  const synthetic = (tag: string, caseSensitive: boolean): Route[] => [
    {
      id: `${tag}root`,
      path: "",
      children: [
        { id: `${tag}home`, index: true },
        {
          id: `${tag}layout`,
          children: [
            { id: `${tag}sell`, path: "store/Sell", caseSensitive },
            { id: `${tag}product`, path: "store/products/:productId" },
            { id: `${tag}optional`, path: "shop/:lang?/about" },
          ],
        },
        { id: `${tag}store`, path: "store", children: [{ id: `${tag}store-index`, index: true }] },
        { id: `${tag}files`, path: "files/*" },
        { id: `${tag}splat`, path: "*" },
      ],
    },
  ];
  const SYNTHETIC_PATHS = [
    "/",
    "/store",
    "/store/",
    "/store/Sell",
    "/store/sell",
    "/STORE/Sell",
    "/store/products/p1",
    "/store/products/p1/",
    "/shop/about",
    "/shop/en/about",
    "/files",
    "/files/a/b.txt",
    "/anything/else",
  ];

  it("two handlers over different routes each answer from their own routes, in any order", async () => {
    // Same paths, other ids, and the case-sensitive flag on one only: a shared or stale cache
    // (of branches or of compiled patterns) would answer one tree with the other's routes.
    const a = synthetic("a:", true);
    const b = synthetic("b:", false);
    const handlers = [
      [patched.createStaticHandler(a), ref().createStaticHandler(a)],
      [patched.createStaticHandler(b), ref().createStaticHandler(b)],
    ] as const;
    for (let round = 0; round < 2; round++) {
      for (const p of SYNTHETIC_PATHS) {
        for (const [mine, theirs] of round === 0 ? handlers : [...handlers].reverse()) {
          expect({ p, ...(await queried(mine, p)) }).toEqual({ p, ...(await queried(theirs, p)) });
        }
      }
    }
    const last = async (h: (typeof handlers)[number][0], p: string) => (await queried(h, p)).matches?.at(-1);
    expect(await last(handlers[0][0], "/store/sell")).toEqual(["a:splat", { "*": "store/sell" }, "/store/sell", "/"]);
    expect(await last(handlers[1][0], "/store/sell")).toEqual(["b:sell", {}, "/store/sell", "/store/sell"]);
    expect(await last(handlers[0][0], "/store/Sell")).toEqual(["a:sell", {}, "/store/Sell", "/store/Sell"]);
    expect(await last(handlers[1][0], "/shop/en/about")).toEqual([
      "b:optional",
      { lang: "en" },
      "/shop/en/about",
      "/shop/en/about",
    ]);
    expect(await last(handlers[0][0], "/files/a/b.txt")).toEqual([
      "a:files",
      { "*": "a/b.txt" },
      "/files/a/b.txt",
      "/files",
    ]);
  });

  it("a basename is honoured as before", async () => {
    const routes = synthetic("c:", false);
    const mine = patched.createStaticHandler(routes, { basename: "/app" });
    const theirs = ref().createStaticHandler(routes, { basename: "/app" });
    for (const p of ["/app", "/app/store/sell", "/APP/store", "/other/store", "/application"]) {
      expect({ p, ...(await queried(mine, p)) }).toEqual({ p, ...(await queried(theirs, p)) });
    }
  });
});

describe("RemixServer's route objects, made once per build (decision 049)", () => {
  type Module = { default: () => unknown };
  const page = (text: string): Module => ({ default: () => createElement("p", null, text) });
  const root: Module = { default: () => createElement(Outlet) };
  const manifestOf = () => ({
    root: { id: "root", path: "", hasLoader: false, hasAction: false, hasErrorBoundary: false, module: "/r.js" },
    "routes/page": {
      id: "routes/page",
      parentId: "root",
      path: "page",
      hasLoader: false,
      hasAction: false,
      hasErrorBoundary: false,
      module: "/p.js",
    },
  });

  async function render(manifestRoutes: ReturnType<typeof manifestOf>, modules: Record<string, Module>) {
    const handler = patched.createStaticHandler([
      { id: "root", path: "", children: [{ id: "routes/page", path: "page" }] },
    ]);
    const staticHandlerContext = await handler.query(new Request("http://localhost/page"));
    const context = {
      manifest: { routes: manifestRoutes, entry: { module: "/e.js", imports: [] }, url: "/m.js", version: "1" },
      routeModules: modules,
      staticHandlerContext,
      future: {},
      isSpaMode: false,
      serverHandoffString: "{}",
      criticalCss: undefined,
      serializeError: (e: Error) => e,
      renderMeta: {},
    } as unknown as EntryContext;
    return renderToString(createElement(RemixServer, { context, url: "http://localhost/page" }));
  }

  it("renders the route modules it is given, even under a manifest it has seen", async () => {
    const manifest = manifestOf();
    expect(await render(manifest, { root, "routes/page": page("first") })).toContain("<p>first</p>");
    expect(await render(manifest, { root, "routes/page": page("first") })).toContain("<p>first</p>");
    // Same manifest object, another module (a rebuilt route): not the kept route objects.
    const second = page("second");
    expect(await render(manifest, { root, "routes/page": second })).toContain("<p>second</p>");
    expect(await render(manifest, { root, "routes/page": second })).toContain("<p>second</p>");
    // Another build's manifest.
    expect(await render(manifestOf(), { root, "routes/page": page("third") })).toContain("<p>third</p>");
  });
});
