import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ORG_KINDS, type OrgKind } from "~/domain/identity/roles";
import { PERMISSION_NAMES, PERMISSIONS, type Permission } from "~/domain/permissions";
import { ROOT } from "../support/paths";

// "Guard first": the first statement of every loader and action says who is asking (or that
// the page is public), so no route can forget it. Checked on the source, for every route
// present and future; the HTTP tests prove what the guards then do.

const ROUTES = path.join(ROOT, "app/routes");
const files = fs.readdirSync(ROUTES).filter((f) => /\.tsx?$/.test(f));

// An organisation page names one permission of the table (app/domain/permissions.ts), as a
// literal: the same name the domain checks, never a list of roles.
const ORG_GUARD = /^(?:(?:const|let) (?:\w+|\{[^}]*\}) = )?await requireOrgContext\(request, "([\w.]+)"\);$/;
const GUARDS = [
  ORG_GUARD,
  /^(const|let) \w+ = await requireUserContext\(request\);$/,
  /^(const|let) \{[^}]*\} = await requireUserContext\(request\);$/,
  /^await requireUserContext\(request\);$/,
  /^(const|let) \w+ = await requireUser\(request\)/,
  // Public pages: the login and sign-up forms, the language switch, the landing redirect.
  /^(const|let) \{[^}]*\} = await publicContext\(request\)/,
  /^(const|let) \w+ = await getOptionalUser\(request\)/,
  /^if \(await getOptionalUser\(request\)\) throw redirect\(/,
  // A handler that only redirects touches nothing.
  /^throw redirect\("[^"]*"\);$/,
];
// The payment webhook has no session: the provider's signature over the raw body authenticates it
// (checked first in processWebhook; tests/http/webhooks.test.ts proves a bad one writes nothing).
// The supplier's quotation page has no account either (decision 036): the signed link in its URL
// is the credential, opened first in both handlers (openSupplierLink refuses a bad, expired or
// revoked token before anything is read or written).
const PUBLIC_ROUTES = new Set([
  "_index.tsx",
  "login.tsx",
  "signup.tsx",
  "settings.language.tsx",
  "webhooks.stripe.ts",
  "quote.$token.tsx",
  // The farmer's receipt (decision 039): the unguessable token in its URL opens that receipt only.
  "produce.receipt.$token.tsx",
  // A lot's public trace page (decision 040): its code opens that lot's public facts and nothing else.
  "lot.$code.tsx",
  "01.$gtin.10.$code.tsx",
]);

// The sell screen's offline shell (decision 032): the service worker fetches `?__shell=1` with no
// cookie, and these loaders answer it with a constant that holds no one's data; the statement
// right after it must be the guard. Only these files, only their loaders, only a constant.
const OFFLINE_SHELL = /^if \(isOfflineShell\(request\)\) return (?:[A-Z_]+|\{ [\w: "]+ as const \});$/;
const OFFLINE_SHELL_ROUTES = new Set(["store.tsx", "store.sell.tsx"]);

// An endpoint outside its kind's path names its kind here (none today: the phone's selling data,
// decision 032, is at /store/sell-data).
const KIND_OF_ROUTE: Record<string, OrgKind> = {};

// Each organisation kind's pages live under one path; the bureau's under /county (its kind is the
// organisation, the path is what it looks at).
const KIND_OF_PATH: Record<string, OrgKind> = {
  store: "store",
  distributor: "distributor",
  alliance: "alliance",
  county: "bureau",
};

/** Each loader and action with its first two statements' first lines (line comments are not statements). */
function handlers(source: string): { name: string; firstStatement: string; secondStatement: string }[] {
  const found: { name: string; firstStatement: string; secondStatement: string }[] = [];
  const re = /export (?:async )?function (loader|action)\([^)]*\)[^{]*\{/g;
  for (const match of source.matchAll(re)) {
    const [first = "", second = ""] = source
      .slice(match.index + match[0].length)
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "" && !line.startsWith("//"));
    found.push({ name: match[1], firstStatement: first, secondStatement: second });
  }
  return found;
}

describe("the guard patterns", () => {
  it("accept a literal permission and refuse role lists, kinds and computed names", () => {
    const accepted = (line: string) => GUARDS.some((g) => g.test(line));
    expect(accepted('const ctx = await requireOrgContext(request, "sale.void");')).toBe(true);
    expect(accepted('await requireOrgContext(request, "store.home");')).toBe(true);
    expect(accepted('const ctx = await requireOrgContext(request, "store", ["owner"]);')).toBe(false);
    expect(accepted("const ctx = await requireOrgContext(request, permission);")).toBe(false);
    expect(accepted("const ctx = await requireStoreContext(request);")).toBe(false);
  });

  it("let the offline shell answer only with a constant, and name only routes that exist", () => {
    expect(OFFLINE_SHELL.test("if (isOfflineShell(request)) return SHELL;")).toBe(true);
    expect(OFFLINE_SHELL.test('if (isOfflineShell(request)) return { role: "clerk" as const };')).toBe(true);
    expect(OFFLINE_SHELL.test("if (isOfflineShell(request)) return shellFor(request);")).toBe(false);
    expect(OFFLINE_SHELL.test("if (isOfflineShell(request)) return { role: ctx.role };")).toBe(false);
    expect(OFFLINE_SHELL.test("if (isOfflineShell(request)) return SHELL; else load();")).toBe(false);
    for (const file of [...OFFLINE_SHELL_ROUTES, ...Object.keys(KIND_OF_ROUTE), ...PUBLIC_ROUTES])
      expect(files).toContain(file);
  });
});

describe("the organisation kinds", () => {
  it("each have a path, and the bureau holds no permission of another kind's pages", () => {
    expect(Object.values(KIND_OF_PATH).sort()).toEqual([...ORG_KINDS].sort());
    const bureauHolds = PERMISSION_NAMES.filter((p) => "bureau" in PERMISSIONS[p]);
    expect(bureauHolds.length).toBeGreaterThan(0);
    for (const p of bureauHolds) expect(Object.keys(PERMISSIONS[p]).filter((k) => k !== "system")).toEqual(["bureau"]);
  });
});

describe("route modules", () => {
  it("exist (the check below is not vacuous)", () => {
    expect(files.length).toBeGreaterThan(10);
    expect(files.flatMap((f) => handlers(fs.readFileSync(path.join(ROUTES, f), "utf8"))).length).toBeGreaterThan(20);
  });

  it.each(files)("%s: every loader and action starts with a guard", (file) => {
    const source = fs.readFileSync(path.join(ROUTES, file), "utf8");
    // Handlers declared another way would slip past this check.
    expect(source, file).not.toMatch(/export (const|let|\{)[^\n]*\b(loader|action)\b/);
    for (const handler of handlers(source)) {
      const { name } = handler;
      let { firstStatement } = handler;
      if (OFFLINE_SHELL.test(firstStatement)) {
        expect(OFFLINE_SHELL_ROUTES.has(file) && name === "loader", `${file} ${name}: answers the offline shell`).toBe(
          true,
        );
        firstStatement = handler.secondStatement;
      }
      expect(
        GUARDS.some((g) => g.test(firstStatement)),
        `${file} ${name}: ${firstStatement}`,
      ).toBe(true);
      const permission = ORG_GUARD.exec(firstStatement)?.[1];
      if (permission !== undefined) {
        expect(PERMISSION_NAMES as string[], `${file} ${name}: "${permission}" is not in PERMISSIONS`).toContain(
          permission,
        );
        // /store/… pages name a permission some store role holds, and so on for each kind.
        const kind = KIND_OF_ROUTE[file] ?? KIND_OF_PATH[file.split(".")[0]];
        expect(ORG_KINDS, `${file} is not under an organisation kind's path`).toContain(kind);
        const grant = PERMISSIONS[permission as Permission];
        expect(grant, `${file} ${name}: no ${kind} role holds "${permission}"`).toHaveProperty(kind);
        // Bureau staff open no store, distributor or alliance page, and no other kind opens the bureau's.
        if (kind === "bureau") expect(Object.keys(grant).filter((k) => k !== "system")).toEqual(["bureau"]);
        else expect(grant, `${file} ${name}: "${permission}" opens for the bureau`).not.toHaveProperty("bureau");
      }
      if (/publicContext|getOptionalUser/.test(firstStatement)) {
        expect(PUBLIC_ROUTES.has(file), `${file} ${name} is public but not in the list of public pages`).toBe(true);
      }
    }
  });

  it.each(files)("%s: never reaches the database itself", (file) => {
    const source = fs.readFileSync(path.join(ROUTES, file), "utf8");
    expect(source).not.toMatch(/from "(@db\/|drizzle-orm|better-sqlite3)|getDb\(/);
  });
});
