import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ROOT } from "../support/paths";
import { startTestServer, type TestServer } from "../support/server";

/**
 * What the service worker precaches (decision 032, issue 12): what the offline sell screen can
 * load, read from the /sw.js the built server sends. The camera's decoder is not in it: a phone
 * downloads that when its camera first opens (decision 034), not at every install.
 */
let server: TestServer;
let files: string[];
beforeAll(async () => {
  server = await startTestServer();
  const res = await fetch(`${server.url}/sw.js`);
  expect(res.status).toBe(200);
  const source = await res.text();
  const build = /^const BUILD = (.*);$/m.exec(source);
  files = (JSON.parse(build![1]) as { files: string[] }).files;
});
afterAll(() => server?.stop());

const publicFile = (file: string) => path.join(ROOT, "public", file);
const text = (file: string) => fs.readFileSync(publicFile(file), "utf8");
const named = (file: string) => text(file).match(/\/build\/[\w./-]+\.(?:js|css|wasm)/g) ?? [];
const manifest = () => files.find((f) => /^\/build\/manifest-[\w-]+\.js$/.test(f))!;
/** The build manifest's entry for a route, as the browser reads it. */
const route = (id: string) => {
  const source = text(manifest());
  const json = JSON.parse(source.slice(source.indexOf("{"), source.lastIndexOf("}") + 1)) as {
    entry: { module: string; imports: string[] };
    routes: Record<string, { module: string; imports?: string[] }>;
  };
  return id === "entry" ? json.entry : json.routes[id];
};

it("holds the sell screen's code with its lazy parts, each file that one of them imports, and nothing of the camera's decoder", () => {
  expect(manifest()).toBeTruthy();
  for (const id of ["entry", "root", "routes/store", "routes/store.sell"]) {
    const { module, imports = [] } = route(id);
    expect(files).toContain(module);
    for (const f of imports) expect(files).toContain(f);
  }
  // The sync runtime and the camera button's panel are `import()`s, found in the built code.
  expect(files.some((f) => /\/runtime\.client-[\w-]+\.js$/.test(f))).toBe(true);
  expect(files.some((f) => /\/camera-panel-[\w-]+\.js$/.test(f))).toBe(true);
  // Closed under imports: what a precached module names is precached, but for the decoder.
  for (const f of files.filter((f) => f !== manifest()))
    for (const g of named(f))
      if (!g.endsWith(".wasm") && !named(g).some((h) => h.endsWith(".wasm"))) expect(files).toContain(g);

  const decoder = fs.readdirSync(publicFile("/build/_assets")).find((f) => f.endsWith(".wasm"));
  expect(decoder).toBeTruthy();
  expect(files.filter((f) => f.endsWith(".wasm") || named(f).some((g) => g.endsWith(".wasm")))).toEqual([]);
  // Other pages' code stays out: the product list is not sold from offline.
  expect(files).not.toContain(route("routes/store.products._index").module);
});

it("is a fraction of what the whole build would be", () => {
  const gzipBytes = (list: string[]) =>
    list.reduce((n, f) => n + zlib.gzipSync(new Uint8Array(fs.readFileSync(publicFile(f)))).length, 0);
  const everything = ["_shared", "_assets"].flatMap((dir) =>
    fs.readdirSync(publicFile(`/build/${dir}`)).map((name) => `/build/${dir}/${name}`),
  );
  expect(gzipBytes(files)).toBeLessThan(gzipBytes(everything) / 3);
});
