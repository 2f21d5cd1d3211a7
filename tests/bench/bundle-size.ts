import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

type ManifestRoute = { id: string; parentId?: string; module: string; imports?: string[] };
type Manifest = { url?: string; entry: { module: string; imports: string[] }; routes: Record<string, ManifestRoute> };

/**
 * The JavaScript a phone downloads on the first load of a page: the manifest, the entry, and
 * every route module (with its imports) from the root down to the page, each file once, gzipped
 * at level 9 as the server's compression would at best. Read from the production build.
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
    result[id] = [...files].reduce((n, f) => n + gz(f), gzipSync(manifestSource, { level: 9 }).length);
  }
  return result;
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

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve("tests/bench/bundle-size.ts")) {
  for (const [id, bytes] of Object.entries(firstLoadGzipBytes(SHOPKEEPER_PAGES)))
    console.log(`${id}\t${(bytes / 1024).toFixed(1)} KB`);
}
