import fs from "node:fs";
import path from "node:path";
import type { ServerBuild } from "@remix-run/node";

/** The routes an offline phone needs: the frame, the store layout and the sell screen. */
const OFFLINE_ROUTES = ["root", "routes/store", "routes/store.sell"];

/** Where a built file names another: its static imports, its `import()`s and the assets it fetches. */
const BUILD_FILE = /\/build\/[\w./-]+\.(?:js|css|wasm)/g;

/**
 * The build files the offline sell screen can load: from the entry and the offline routes'
 * modules, every file they name, and so on (the lazy parts such as the sync runtime and the
 * English dictionary are `import()`s in the built code; the build manifest lists only static
 * imports). The camera's decoder is left out, the WebAssembly and the module that fetches it:
 * 946 KB that a phone downloads the first time its camera opens (decision 034), not at every
 * install and new version; the worker keeps it then. So does every other page's code, which
 * the browser's HTTP cache keeps anyway.
 */
export function offlineFiles(build: ServerBuild, publicDir = "public"): string[] {
  const assets = build.assets;
  const roots = [assets.entry.module, ...assets.entry.imports];
  for (const id of OFFLINE_ROUTES) {
    const route = assets.routes[id];
    if (route) roots.push(route.module, ...(route.imports ?? []));
  }
  const files = new Set<string>();
  const seen = new Set<string>();
  const queue = [...roots];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    if (seen.has(file) || file.endsWith(".wasm")) continue;
    seen.add(file);
    const full = path.join(publicDir, file);
    if (!fs.existsSync(full)) continue;
    const named = fs.readFileSync(full, "utf8").match(BUILD_FILE) ?? [];
    if (named.some((f) => f.endsWith(".wasm"))) continue;
    files.add(file);
    queue.push(...named);
  }
  // The build's route manifest, not walked: it names every page's code.
  return [assets.url, ...files].sort();
}

/**
 * The service worker with its build prepended (decision 032): the version names its cache, and
 * `files` are what it precaches (offlineFiles).
 */
export function serviceWorkerSource(build: ServerBuild, publicDir = "public"): string {
  const source = fs.readFileSync(path.resolve("app/offline/sw.js"), "utf8");
  return `const BUILD = ${JSON.stringify({ version: build.assets.version, files: offlineFiles(build, publicDir) })};\n${source}`;
}
