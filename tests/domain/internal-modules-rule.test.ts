import fs from "node:fs";
import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/paths";

// Internal modules (`*.internal.server.ts`) read or write by bare id without an organisation
// filter. ESLint (eslint.config.js, the INTERNAL pattern) keeps them out of routes, components,
// auth and scripts, however the import is spelled; the domain and the worker process may use them.
// Linted through ESLint's own API with the project's config, on source that is never written to disk.

const eslint = new ESLint({ cwd: ROOT });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

const SPELLINGS = [
  'import { claimNext } from "~/domain/jobs/queue.internal.server";',
  'import { claimNext } from "~/domain/jobs/queue.internal.server.ts";',
  'import { claimNext } from "../domain/jobs/queue.internal.server";',
  'import { claimNext } from "../../app/domain/jobs/queue.internal.server";',
  'import { bookOrderDemand } from "../../domain/analysis/demand-rollups.internal.server";',
  'export { claimNext } from "~/domain/jobs/queue.internal.server";',
  'import type { ClaimedJob } from "~/domain/jobs/queue.internal.server";',
];

describe("internal domain modules", () => {
  it("exist, so the rule guards something", () => {
    const internal = fs
      .readdirSync(path.join(ROOT, "app/domain"), { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".internal.server.ts"));
    expect(internal.length).toBeGreaterThanOrEqual(2);
  });

  for (const filePath of ["app/routes/x.tsx", "app/components/jobs/x.tsx", "app/auth/x.server.ts", "scripts/x.ts"]) {
    it.each(SPELLINGS)(`are refused in ${filePath}: %s`, async (line) => {
      const messages = await restrictedImports(filePath, `${line}\nexport const used = 1;\n`);
      expect(messages).toEqual([expect.stringMatching(/Internal domain modules/)]);
    });
  }

  it("are allowed in the domain and in the worker process", async () => {
    expect(
      await restrictedImports(
        "app/domain/x/y.server.ts",
        'import { claimNext } from "../jobs/queue.internal.server";\n',
      ),
    ).toEqual([]);
    expect(
      await restrictedImports(
        "workers/x.ts",
        'import { claimNext } from "../app/domain/jobs/queue.internal.server";\n',
      ),
    ).toEqual([]);
  });

  it("leave the organisation-scoped modules open to routes", async () => {
    expect(
      await restrictedImports("app/routes/x.tsx", 'import { retryJob } from "~/domain/jobs/queue.server";\n'),
    ).toEqual([]);
  });
});
