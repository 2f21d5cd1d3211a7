import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

// The layer rules of docs/architecture.md are kept by ESLint (eslint.config.js). These cases run
// the real configuration on code placed at real paths, so a pattern that stops matching (a
// relative path, a new alias) fails here rather than in review.
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

/** The boundary messages ESLint gives `code` if it were the file at `filePath`. */
async function boundaryErrors(filePath: string, code: string) {
  const [result] = await eslint.lintText(`${code}\nexport const used = [x];\n`, { filePath });
  return result.messages
    .filter((m) => m.ruleId === "no-restricted-imports" || m.ruleId === "no-restricted-syntax")
    .map((m) => m.message);
}

const DATABASE_IMPORTS = [
  'import { x } from "../../db/schema";',
  'import { x } from "../../db/schema/inventory";',
  'import { x } from "../../db";',
  'import { x } from "@db/client";',
  'import { x } from "@db/schema";',
  'import { eq as x } from "drizzle-orm";',
  'import { sqliteTable as x } from "drizzle-orm/sqlite-core";',
  'import x from "better-sqlite3";',
  'export { x } from "@db/client";',
  'const x = await import("@db/client");',
  'const x = await import("../../db/schema");',
];

const INTERNAL_IMPORTS = [
  'import { x } from "~/domain/payments/lookup.internal.server";',
  'import { x } from "../domain/payments/lookup.internal.server";',
  'const x = await import("~/domain/payments/lookup.internal.server");',
];

describe("routes never reach the database", () => {
  for (const code of [...DATABASE_IMPORTS, ...INTERNAL_IMPORTS]) {
    it(`refuses ${code}`, async () => {
      const errors = await boundaryErrors("app/routes/store.sell.tsx", code);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/never (touch|import) the database|Internal domain modules/);
    });
  }

  it("lets a route call the domain, its own components and the HTTP helpers", async () => {
    const code = [
      'import { Form as F } from "@remix-run/react";',
      'import { requireStoreContext as r } from "~/auth/guard.server";',
      'import { Field as c } from "~/components/forms";',
      'import { recordSale as d } from "~/domain/sales/record-sale.server";',
      'import { attempt as a } from "~/http/errors.server";',
      "const x = [F, r, c, d, a];",
    ].join("\n");
    const [result] = await eslint.lintText(`${code}\nexport const used = [x];\n`, {
      filePath: "app/routes/store.sell.tsx",
    });
    expect(result.messages).toEqual([]);
  });
});

describe("components never reach the database", () => {
  for (const code of [...DATABASE_IMPORTS, ...INTERNAL_IMPORTS]) {
    it(`refuses ${code}`, async () => {
      const errors = await boundaryErrors("app/components/sell/cart-panel.tsx", code);
      expect(errors).toHaveLength(1);
    });
  }
});

describe("domain code sits below the routes", () => {
  const ABOVE = [
    'import { Form as x } from "@remix-run/react";',
    'import { json as x } from "@remix-run/node";',
    'import { useState as x } from "react";',
    'import { x } from "~/components/x";',
    'import { x } from "../../components/forms";',
    'import { x } from "../../routes/store.sell";',
    'import { x } from "~/routes/store.sell";',
    'import { x } from "~/http/errors.server";',
    'import { x } from "~/auth/guard.server";',
    'import { x } from "../../../workers/registry";',
  ];
  for (const code of ABOVE) {
    it(`refuses ${code}`, async () => {
      const errors = await boundaryErrors("app/domain/sales/record-sale.server.ts", code);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/sit below the routes/);
    });
  }

  it("lets the domain use the database and its own modules", async () => {
    const code = [
      'import { eq as e } from "drizzle-orm";',
      'import { products as p } from "@db/schema";',
      'import { inTransaction as t } from "../context.server";',
      'import { lookup as l } from "../payments/lookup.internal.server";',
      "const x = [e, p, t, l];",
    ].join("\n");
    const errors = await boundaryErrors("app/domain/sales/record-sale.server.ts", code);
    expect(errors).toEqual([]);
  });
});

describe("the rules run in npm test", () => {
  const scripts = JSON.parse(fs.readFileSync(new URL("../../package.json", import.meta.url), "utf8")).scripts;

  it("npm run lint runs ESLint over the whole tree and Prettier's check", () => {
    expect(scripts.lint).toMatch(/\beslint \.(\s|$)/);
    expect(scripts.lint).toMatch(/\bprettier --check \./);
  });

  it("npm test runs npm run lint before the tests", () => {
    const steps = scripts.test.split("&&").map((s: string) => s.trim());
    expect(steps).toContain("npm run lint");
    expect(steps.indexOf("npm run lint")).toBeLessThan(steps.findIndex((s: string) => s.startsWith("vitest run")));
  });
});
