import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORG_KINDS, ROLES, type OrgKind, type Role } from "../../db/schema";
import type { Ctx } from "~/domain/context.server";
import { fixedClock } from "~/domain/dates";
import { Forbidden } from "~/domain/errors";
import { systemCtx } from "~/domain/jobs/system-context.server";
import { PERMISSION_NAMES, PERMISSIONS, roleMay, type Permission } from "~/domain/permissions";
import { createTestDb } from "../support/db";
import { addMember, makeOrg, makeUser } from "../support/factories";
import { ROOT } from "../support/paths";
import { dbSnapshot } from "../support/snapshot";
import { domainAccountVerbs, domainWriters, writerProblems, writersIn, type Writer } from "../support/writers";

// THE WRITER RULE, kept by a test built from the one table (app/domain/permissions.ts): every
// exported domain writer starts with requirePermission(ctx, "<name>") with a name the table holds,
// and the table is what the writer does: every role (and the system actor) without the permission
// is refused before anything is written, every role with it gets past the check.

const writers = domainWriters();
const isRegistered = (w: Writer): w is Writer & { permission: Permission } =>
  w.permission !== null && (PERMISSION_NAMES as string[]).includes(w.permission);

describe("the permission table", () => {
  it.each(PERMISSION_NAMES)("%s: grants only roles its organisation kind has", (name) => {
    const grant: Record<string, unknown> = PERMISSIONS[name];
    const kinds = Object.keys(grant).filter((k) => k !== "system");
    expect(kinds.length > 0 || grant.system === true, `${name} is granted to nobody`).toBe(true);
    for (const kind of kinds) {
      expect(ORG_KINDS as readonly string[]).toContain(kind);
      for (const role of grant[kind] as Role[]) expect(ROLES[kind as OrgKind] as readonly Role[]).toContain(role);
    }
  });
});

describe("the static check", () => {
  const registered = ["sale.void"];
  const problemsOf = (source: string) =>
    writerProblems(writersIn("app/domain/fixture/fixture.server.ts", source), registered);

  it("fails on a writer that checks nothing, checks late, or names a permission the table lacks", () => {
    expect(
      problemsOf(`
        export function voidIt(ctx: Ctx, id: string) {
          return inTransaction(ctx.db, (tx) => tx.update(sales).set({ status: "voided" }).run());
        }
        export function late(ctx: Ctx) {
          const x = 1;
          requirePermission(ctx, "sale.void");
          ctx.db.delete(sales).run();
        }
        export const arrow = (ctx: Ctx) => ctx.db.insert(sales).values({}).run();
        export function unknown(ctx: Ctx) {
          requirePermission(ctx, "sale.teleport");
          ctx.db.insert(sales).values({}).run();
        }
        export function otherName(storeCtx: Ctx) {
          inTransaction(storeCtx.db, () => 1);
        }
        function write(ctx: Ctx) {
          return inTransaction(ctx.db, (tx) => tx.insert(sales).values({}).run());
        }
        export function delegates(ctx: Ctx) {
          return write(ctx);
        }
        const kept = new Map<string, string[]>();
        export function cachedDelete(ctx: Ctx) {
          kept.delete(ctx.org.id);
          ctx.db.delete(sales).run();
        }
        export function notAMap(ctx: Ctx, stores: Map<string, string>) {
          stores.delete(ctx.org.id);
        }
      `),
    ).toEqual([
      expect.stringMatching(/voidIt: does not start with requirePermission/),
      expect.stringMatching(/late: does not start with requirePermission/),
      expect.stringMatching(/arrow: does not start with requirePermission/),
      expect.stringMatching(/unknown: "sale.teleport" is not in PERMISSIONS/),
      expect.stringMatching(/otherName: does not start with requirePermission/),
      expect.stringMatching(/delegates: does not start with requirePermission/),
      // A cache's eviction hides no database write beside it; a `.delete(` on anything not bound
      // to a new Map or Set here (a parameter, whatever its type says) still counts.
      expect.stringMatching(/cachedDelete: does not start with requirePermission/),
      expect.stringMatching(/notAMap: does not start with requirePermission/),
    ]);
  });

  it("passes a registered writer, a transaction helper, a reader and an account verb", () => {
    const source = `
      export function voidIt(ctx: Ctx, id: string) {
        requirePermission(ctx, "sale.void");
        return inTransaction(ctx.db, (tx) => tx.update(sales).set({ status: "voided" }).run());
      }
      export function helper(tx: WriteTx, ctx: Ctx) { tx.insert(sales).values({}).run(); }
      export function reader(ctx: Ctx) { return ctx.db.select().from(sales).all(); }
      export function openStore(ctx: UserCtx) { return inTransaction(ctx.db, () => 1); }
      export function dispatch(ctx: Ctx, intent: string) { return intent === "void" ? voidIt(ctx, "x") : reader(ctx); }
      const rankings = new WeakMap<object, Map<string, string[]>>();
      function ranked(ctx: Ctx) {
        let byStore = rankings.get(ctx.db);
        if (!byStore) rankings.set(ctx.db, (byStore = new Map()));
        if (byStore.size > 10) byStore.delete(byStore.keys().next().value!);
        return ctx.db.select().from(sales).all();
      }
      const seen = new Set<string>();
      export function cachedReader(ctx: Ctx) { seen.delete(ctx.org.id); return ranked(ctx); }
    `;
    // dispatch calls a writer that checks for itself: it does not write on its own account.
    // cachedReader evicts entries of in-memory caches (a Set, a Map made in a WeakMap): memory.
    expect(writersIn("app/domain/fixture/fixture.server.ts", source).map((w) => w.name)).toEqual(["voidIt"]);
    expect(problemsOf(source)).toEqual([]);
  });

  it("finds the domain's writers (the check below is not vacuous)", () => {
    // 61 on the tree this test was written on; a scan that silently finds few means the rule broke.
    expect(writers.length).toBeGreaterThan(55);
    expect(new Set(writers.map((w) => w.file)).size).toBeGreaterThan(30);
  });

  it("knows every account-level writer: a person acting on their own account, with no organisation", () => {
    // A new one must be a deliberate choice: most verbs act in an organisation and need a permission.
    expect(domainAccountVerbs()).toEqual([
      "app/domain/identity/organisations.server.ts createStore",
      "app/domain/identity/organisations.server.ts switchOrg",
    ]);
  });

  it.each(writers.map((w) => [`${w.file} ${w.name}`, w] as const))("%s registers its permission", (_, w) => {
    expect(writerProblems([w], PERMISSION_NAMES)).toEqual([]);
  });
});

// —— The behavioural matrix ——

type Actor = { label: string; kind: OrgKind; role: Role | null; ctx: Ctx };

const { db, close } = createTestDb();
const clock = fixedClock(Date.UTC(2026, 11, 1, 2, 0));
const actors: Actor[] = [];

beforeAll(async () => {
  for (const kind of ORG_KINDS) {
    const org = makeOrg(db, kind);
    for (const role of ROLES[kind]) {
      const user = await makeUser(db);
      addMember(db, org.id, user.id, role);
      const actor = { kind: "person" as const, id: user.id, name: user.name, phone: user.phone };
      actors.push({ label: `${kind} ${role}`, kind, role, ctx: { db, actor, org, role, locale: "zh-CN", clock } });
    }
    // Made before any snapshot: the first systemCtx inserts the system user.
    actors.push({ label: `${kind} system`, kind, role: null, ctx: systemCtx(db, org.id, clock) });
  }
});
afterAll(() => close());

/**
 * Arguments that name nothing: ids that do not exist, inputs that are empty but for a name (the
 * pinyin index of a product name logs an error on undefined before validation would refuse it).
 */
function throwaway(params: string[]): unknown[] {
  return params.map((p) => (/Id$/.test(p) ? "no-such-id" : { name: "无" }));
}

async function outcome(call: () => unknown): Promise<unknown> {
  try {
    await call();
    return undefined;
  } catch (error) {
    return error;
  }
}

/** The refusal requirePermission makes (other Forbidden answers carry their own message key). */
const refused = (error: unknown) => error instanceof Forbidden && error.key === "error.forbidden";

describe("every writer × every role and the system actor", () => {
  it.each(writers.map((w) => [`${w.file} ${w.name}`, w] as const))("%s", async (_, w) => {
    expect(isRegistered(w), `${w.file} ${w.name} does not check a registered permission`).toBe(true);
    if (!isRegistered(w)) return;
    const mod = (await import(path.join(ROOT, w.file))) as Record<string, (...args: unknown[]) => unknown>;
    expect(typeof mod[w.name]).toBe("function");
    const wrong: string[] = [];
    for (const a of actors) {
      const allowed = roleMay(a.kind, a.role, w.permission);
      const before = allowed ? null : dbSnapshot(db);
      const error = await outcome(() => mod[w.name](a.ctx, ...throwaway(w.params)));
      if (allowed && refused(error)) wrong.push(`${a.label}: holds ${w.permission} but was refused`);
      if (!allowed && !refused(error)) wrong.push(`${a.label}: lacks ${w.permission} but got ${String(error)}`);
      if (!allowed && before && JSON.stringify(dbSnapshot(db)) !== JSON.stringify(before)) {
        wrong.push(`${a.label}: refused, yet the database changed`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
