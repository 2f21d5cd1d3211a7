import fs from "node:fs";
import path from "node:path";
import type { ServerBuild } from "@remix-run/node";

/** The routes an offline phone needs: the frame, the store layout and the sell screen. */
const OFFLINE_ROUTES = ["root", "routes/store", "routes/store.sell"];

/**
 * The service worker with its build prepended (decision 032): the version names its cache, and
 * the hashed files are what it precaches — the entry, the assets manifest, the offline routes'
 * modules and CSS, and every shared chunk (the sell screen's lazily loaded sync code is one).
 */
export function serviceWorkerSource(build: ServerBuild, publicDir = "public"): string {
  const assets = build.assets;
  const files = new Set<string>([assets.url, assets.entry.module, ...assets.entry.imports]);
  for (const id of OFFLINE_ROUTES) {
    const route = assets.routes[id] as (typeof assets.routes)[string] & { css?: string[] };
    if (!route) continue;
    files.add(route.module);
    for (const f of [...(route.imports ?? []), ...(route.css ?? [])]) files.add(f);
  }
  for (const dir of ["_shared", "_assets"]) {
    const full = path.join(publicDir, "build", dir);
    if (!fs.existsSync(full)) continue;
    for (const name of fs.readdirSync(full)) if (!name.endsWith(".map")) files.add(`/build/${dir}/${name}`);
  }
  const source = fs.readFileSync(path.resolve("app/offline/sw.js"), "utf8");
  return `const BUILD = ${JSON.stringify({ version: assets.version, files: [...files].sort() })};\n${source}`;
}
