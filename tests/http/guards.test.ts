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
  // The sell screen's offline shell (decision 032): answered first, with no one's data.
  /^if \(isOfflineShell\(request\)\) return (SHELL|\{ role: "clerk" as const \});$/,
  // A handler that only redirects touches nothing.
  /^throw redirect\("[^"]*"\);$/,
];
// The payment webhook has no session: the provider's signature over the raw body authenticates it
// (checked first in processWebhook; tests/http/webhooks.test.ts proves a bad one writes nothing).
const PUBLIC_ROUTES = new Set(["_index.tsx", "login.tsx", "signup.tsx", "settings.language.tsx", "webhooks.stripe.ts"]);

function handlers(source: string): { name: string; firstStatement: string }[] {
  const found: { name: string; firstStatement: string }[] = [];
  const re = /export (?:async )?function (loader|action)\([^)]*\)[^{]*\{\s*([^\n]*)/g;
  for (const match of source.matchAll(re)) found.push({ name: match[1], firstStatement: match[2].trim() });
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
    for (const { name, firstStatement } of handlers(source)) {
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
        const kind = file.split(".")[0] as OrgKind;
        expect(ORG_KINDS, `${file} is not under an organisation kind's path`).toContain(kind);
        expect(
          PERMISSIONS[permission as Permission],
          `${file} ${name}: no ${kind} role holds "${permission}"`,
        ).toHaveProperty(kind);
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
