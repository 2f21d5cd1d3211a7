import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Decision 033: in the browser a page carries only the dictionary areas of its audiences
 * (app/i18n/audiences). This reads every route module and what it imports (not *.server code,
 * which translates on the server, where every area is loaded), finds the message keys it names
 * — literal keys, and `prefix.${…}` templates as every key under the prefix — and checks that
 * the audiences loaded by the page, its layouts and the root provide each key's area. A key
 * whose area a page does not load would render as the bare key after hydration.
 */
const APP = "app";
const AREAS_DIR = path.join(APP, "i18n/zh-CN");
const AUDIENCES_DIR = path.join(APP, "i18n/audiences");

const keyArea = new Map<string, string>();
for (const f of fs.readdirSync(AREAS_DIR)) {
  if (f === "index.ts" || f.endsWith(".server.ts")) continue;
  for (const m of fs.readFileSync(path.join(AREAS_DIR, f), "utf8").matchAll(/^\s*"([^"]+)":/gm))
    keyArea.set(m[1], f.replace(/\.ts$/, ""));
}

function resolveImport(from: string, spec: string): string | null {
  const base = spec.startsWith("~/")
    ? path.join(APP, spec.slice(2))
    : spec.startsWith(".")
      ? path.join(path.dirname(from), spec)
      : null;
  if (!base) return null;
  for (const c of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts"), path.join(base, "index.tsx")])
    if (fs.existsSync(c) && fs.statSync(c).isFile()) return c;
  return null;
}

/** The app modules a module brings into the browser (value imports, not *.server, not dictionaries). */
function closure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const src = fs.readFileSync(file, "utf8");
  for (const m of src.matchAll(/^import\s+(type\s+)?(?:[^;]*?from\s+)?"([^"]+)"/gms)) {
    if (m[1]) continue;
    const target = resolveImport(file, m[2]);
    if (!target || /\.server\.tsx?$/.test(target) || target.startsWith(path.join(APP, "i18n"))) continue;
    closure(target, seen);
  }
  return seen;
}

function audienceAreas(file: string): string[] {
  const src = fs.readFileSync(file, "utf8");
  return [...src.matchAll(/from "\.\.\/zh-CN\/([\w-]+)"/g)].map((m) => m[1]);
}

/** Areas an audience module provides, by the import that loads it. */
const audienceByImport = new Map(
  fs
    .readdirSync(AUDIENCES_DIR)
    .map((f) => [`~/i18n/audiences/${f.replace(/\.ts$/, "")}`, audienceAreas(path.join(AUDIENCES_DIR, f))]),
);
const EVERYONE = audienceByImport.get("~/i18n/audiences/everyone")!;

function areasLoadedBy(files: Iterable<string>): Set<string> {
  const loaded = new Set(EVERYONE);
  for (const f of files)
    for (const m of fs.readFileSync(f, "utf8").matchAll(/^import "(~\/i18n\/audiences\/[\w-]+)";/gm))
      for (const a of audienceByImport.get(m[1]) ?? []) loaded.add(a);
  return loaded;
}

// Permission names that happen to read like message keys ("catalog.import") are not translated.
const NOT_MESSAGES = new Set([path.join(APP, "domain/permissions.ts")]);

function keysNamedIn(files: Iterable<string>): Map<string, string> {
  const used = new Map<string, string>();
  for (const f of files) {
    if (NOT_MESSAGES.has(f)) continue;
    const src = fs.readFileSync(f, "utf8");
    // A literal key ("sale.done"), a prefix written out ("org.kind."), and a template's prefix
    // (`weekday.${d}`, `org.kind.${kind}`): a one-word prefix counts too.
    const named = [
      ...[...src.matchAll(/["'`]([a-zA-Z]+(?:\.\w+)+\.?)/g)].map((m) => m[1]),
      ...[...src.matchAll(/`([a-zA-Z]+(?:\.\w+)*\.)\$\{/g)].map((m) => m[1]),
    ];
    for (const k of named) {
      const keys = k.endsWith(".") ? [...keyArea.keys()].filter((x) => x.startsWith(k)) : keyArea.has(k) ? [k] : [];
      for (const key of keys) used.set(key, f);
    }
  }
  return used;
}

const ROUTES = path.join(APP, "routes");
const routeFiles = fs.readdirSync(ROUTES).filter((f) => f.endsWith(".tsx"));

/** root, then the layouts whose names are dot-prefixes of the route (Remix flat routes). */
function layoutsOf(file: string): string[] {
  const segments = file.replace(/\.tsx$/, "").split(".");
  const layouts = [path.join(APP, "root.tsx")];
  for (let i = 1; i < segments.length; i++) {
    if (segments[i - 1].endsWith("_")) break;
    const candidate = `${segments.slice(0, i).join(".")}.tsx`;
    if (routeFiles.includes(candidate)) layouts.push(path.join(ROUTES, candidate));
  }
  return layouts;
}

describe("dictionary areas by audience (decision 033)", () => {
  it("every key a page names in the browser comes with an audience the page loads", () => {
    const missing: string[] = [];
    for (const route of routeFiles) {
      const own = closure(path.join(ROUTES, route));
      const loaded = areasLoadedBy([...own, ...layoutsOf(route)]);
      for (const [key, file] of keysNamedIn(own))
        if (!loaded.has(keyArea.get(key)!)) missing.push(`${route}: ${key} (${keyArea.get(key)}, named in ${file})`);
    }
    expect(missing).toEqual([]);
  });

  it("every area belongs to at least one audience, and the sell page carries no office areas", () => {
    const inSome = new Set([...audienceByImport.values()].flat());
    expect([...new Set(keyArea.values())].filter((a) => !inSome.has(a))).toEqual([]);
    const sell = areasLoadedBy([...closure(path.join(ROUTES, "store.sell.tsx")), ...layoutsOf("store.sell.tsx")]);
    // recall: only its till subset (recall-till.ts, the refusal of a recalled product, decision 041),
    // a module of its own so that the bundler leaves the rest of recall.ts off the page.
    expect([...sell].sort()).toEqual(["common", "offline", "recall-till", "sales"]);
  });
});
