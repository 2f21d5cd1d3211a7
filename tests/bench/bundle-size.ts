import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import type { ServerBuild } from "@remix-run/node";
import { offlineFiles } from "../../app/offline/precache.server";

type ManifestRoute = { id: string; parentId?: string; index?: boolean; module: string; imports?: string[] };
type Manifest = { url?: string; entry: { module: string; imports: string[] }; routes: Record<string, ManifestRoute> };

/**
 * The JavaScript a phone downloads on the first load of a page: the route manifest, the entry,
 * and every route module (with its imports) from the root down to the page, each file once,
 * gzipped at level 9 as the server's compression would at best. Read from the production build.
 *
 * With lazy route discovery (v3_lazyRouteDiscovery) the page does not load the whole
 * manifest-*.js file: the server inlines the part of the manifest the page needs (its routes and
 * the index routes of its parents' paths) in the page's module script, and the rest is fetched
 * as links are followed. That part is counted here (decision 033; earlier figures counted the
 * whole file, about 3.5 KB more).
 */
export function firstLoadGzipBytes(routeIds: string[], buildDir = "public/build"): Record<string, number> {
  const manifestFile = fs.readdirSync(buildDir).find((f) => /^manifest-.*\.js$/.test(f));
  if (!manifestFile) throw new Error("no public/build/manifest-*.js: run `npm run build`");
  const manifestSource = fs.readFileSync(path.join(buildDir, manifestFile), "utf8");
  const manifest = JSON.parse(manifestSource.replace(/^window\.__remixManifest=/, "").replace(/;\s*$/, "")) as Manifest;
  const gz = (file: string) => gzipSync(fs.readFileSync(path.join(buildDir, "..", file)), { level: 9 }).length;
  const result: Record<string, number> = {};
  for (const id of routeIds) {
    const files = new Set<string>([manifest.entry.module, ...manifest.entry.imports]);
    for (
      let route: ManifestRoute | undefined = manifest.routes[id];
      route;
      route = route.parentId ? manifest.routes[route.parentId] : undefined
    ) {
      files.add(route.module);
      for (const f of route.imports ?? []) files.add(f);
    }
    if (!manifest.routes[id]) throw new Error(`no route ${id} in the build`);
    result[id] = [...files].reduce((n, f) => n + gz(f), gzipSync(partialManifest(manifest, id), { level: 9 }).length);
  }
  return result;
}

/** Every shopkeeper page of the build: the store's routes (routes/store.*). */
export function storeRouteIds(buildDir = "public/build"): string[] {
  const manifestFile = fs.readdirSync(buildDir).find((f) => /^manifest-.*\.js$/.test(f));
  if (!manifestFile) throw new Error("no public/build/manifest-*.js: run `npm run build`");
  const source = fs.readFileSync(path.join(buildDir, manifestFile), "utf8");
  const manifest = JSON.parse(source.replace(/^window\.__remixManifest=/, "").replace(/;\s*$/, "")) as Manifest;
  return Object.keys(manifest.routes).filter((id) => id.startsWith("routes/store."));
}

/** What the server inlines for a page: the manifest with the page's chain and its parents' index routes. */
function partialManifest(manifest: Manifest, id: string): string {
  const chain = new Set<string>();
  for (
    let r: ManifestRoute | undefined = manifest.routes[id];
    r;
    r = r.parentId ? manifest.routes[r.parentId] : undefined
  )
    chain.add(r.id);
  const ids = Object.values(manifest.routes)
    .filter((r) => chain.has(r.id) || (r.index && r.parentId && chain.has(r.parentId)))
    .map((r) => r.id);
  const routes = Object.fromEntries(ids.map((i) => [i, manifest.routes[i]]));
  return `window.__remixManifest = ${JSON.stringify({ ...manifest, routes }, null, 2)};`;
}

// Shopkeeper pages (budget ≤ 120 KB gzip JS on first load, docs/BENCHMARKS.md "Budgets").
export const SHOPKEEPER_PAGES = [
  "routes/store.sell",
  "routes/store._index",
  "routes/store.products._index",
  "routes/store.products.$productId._index",
  "routes/store.products.$productId.receive",
  "routes/store.count",
  "routes/store.restock._index",
  "routes/store.customers._index",
  "routes/store.import",
  "routes/store.analysis._index",
  "routes/store.products.$productId.insight",
];

/**
 * What the service worker downloads at install and at each new version (decision 032): the
 * files `offlineFiles` names for the built server, raw and gzipped at level 9.
 */
export async function precacheBytes(): Promise<{ files: number; raw: number; gzip: number }> {
  const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
  const files = offlineFiles(build);
  const bytes = files.map((f) => fs.readFileSync(path.join("public", f)));
  return {
    files: files.length,
    raw: bytes.reduce((n, b) => n + b.length, 0),
    gzip: bytes.reduce((n, b) => n + gzipSync(new Uint8Array(b), { level: 9 }).length, 0),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve("tests/bench/bundle-size.ts")) {
  for (const [id, bytes] of Object.entries(firstLoadGzipBytes(SHOPKEEPER_PAGES)))
    console.log(`${id}\t${(bytes / 1024).toFixed(1)} KB`);
  const precache = await precacheBytes();
  console.log(
    `service worker precache\t${precache.files} files, ${(precache.raw / 1024).toFixed(0)} KB, ${(precache.gzip / 1024).toFixed(1)} KB gzip`,
  );
}
