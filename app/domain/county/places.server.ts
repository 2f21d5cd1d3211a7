import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@db/client";
import { organisations, places } from "@db/schema";
import { inTransaction, type Ctx } from "../context.server";
import { Invalid } from "../errors";
import { requirePermission } from "../permission-check.server";
import { parseCsv } from "../sheets/csv.server";

export type Place = { code: string; name: string; parentCode: string };

/** The township-level units of a county, by code. */
export function townshipsOf(db: Db, countyCode: string): Place[] {
  return db
    .select({ code: places.code, name: places.name, parentCode: places.parentCode })
    .from(places)
    .where(and(eq(places.countyCode, countyCode), eq(places.level, "township")))
    .orderBy(asc(places.code))
    .all();
}

/**
 * Where an address written as text is, as a code: the village's when its name is listed under
 * the township, else the township's (by its name or a former one), else null (a county whose
 * places have not been imported yet).
 */
export function placeCodeFor(
  db: Db,
  place: { countyCode: string | null; township: string | null; village: string | null },
): string | null {
  if (!place.countyCode || !place.township) return null;
  const township = db
    .select({ code: places.code, name: places.name, aliases: places.aliases })
    .from(places)
    .where(and(eq(places.countyCode, place.countyCode), eq(places.level, "township")))
    .all()
    .find((t) => t.name === place.township || t.aliases.split("|").includes(place.township!));
  if (!township) return null;
  if (!place.village) return township.code;
  const village = db
    .select({ code: places.code })
    .from(places)
    .where(and(eq(places.parentCode, township.code), eq(places.name, place.village)))
    .get();
  return village?.code ?? township.code;
}

/** The township a place code belongs to (a village's parent), or the code itself. */
export function townshipCodeOf(code: string | null): string | null {
  if (!code) return null;
  return code.length === 12 ? code.slice(0, 9) : code.length === 9 ? code : null;
}

const CODE = /^\d{9}(\d{3})?$/;

/**
 * A county's places from a CSV (code, name, former names): nine-digit codes are townships,
 * twelve-digit ones villages under the township their first nine digits name. Every code must
 * lie in the bureau's county. All or nothing; the stores of the county are then re-pointed.
 */
export function importPlaces(ctx: Ctx, csv: string): { townships: number; villages: number; located: number } {
  requirePermission(ctx, "county.places.import");
  const county = bureauCounty(ctx);
  const rows = parseCsv(csv)
    .map((cells, i) => ({ row: i + 1, cells: cells.map((c) => c.trim()) }))
    .filter((r, i) => i > 0 && r.cells.some(Boolean));
  if (rows.length === 0) throw new Invalid("county.places.empty");
  if (rows.length > 20_000) throw new Invalid("county.places.tooMany");
  const parsed = rows.map(({ row, cells: [code = "", name = "", aliases = ""] }) => {
    if (!CODE.test(code) || !code.startsWith(county)) throw new Invalid("county.places.badCode", { row });
    if (!name || name.length > 40) throw new Invalid("county.places.badName", { row });
    const level = code.length === 9 ? ("township" as const) : ("village" as const);
    const parentCode = level === "township" ? county : code.slice(0, 9);
    return { code, name, aliases: aliases.replace(/[,，、;；]/g, "|"), level, parentCode, countyCode: county };
  });
  const townships = new Set(parsed.filter((p) => p.level === "township").map((p) => p.code));
  parsed.forEach((p, i) => {
    if (p.level === "village" && !townships.has(p.parentCode)) {
      throw new Invalid("county.places.orphan", { row: rows[i].row });
    }
  });
  return inTransaction(ctx.db, (tx) => {
    for (const p of parsed) {
      tx.insert(places)
        .values(p)
        .onConflictDoUpdate({
          target: places.code,
          set: { name: p.name, aliases: p.aliases, parentCode: p.parentCode },
        })
        .run();
    }
    let located = 0;
    const stores = tx
      .select({ id: organisations.id, township: organisations.township, village: organisations.village })
      .from(organisations)
      .where(and(eq(organisations.countyCode, county), eq(organisations.kind, "store")))
      .all();
    for (const s of stores) {
      const code = placeCodeFor(tx as unknown as Db, { countyCode: county, ...s });
      if (code) located += 1;
      tx.update(organisations).set({ placeCode: code }).where(eq(organisations.id, s.id)).run();
    }
    return { townships: townships.size, villages: parsed.length - townships.size, located };
  });
}

/** The county a bureau answers for (its GB/T 2260 code). */
export function bureauCounty(ctx: Pick<Ctx, "db" | "org">): string {
  const row = ctx.db
    .select({ countyCode: organisations.countyCode })
    .from(organisations)
    .where(and(eq(organisations.id, ctx.org.id), eq(organisations.kind, "bureau")))
    .get();
  if (!row?.countyCode) throw new Invalid("county.noCounty");
  return row.countyCode;
}

/** The bureau's own county's townships, for its places page. */
export function countyTownships(ctx: Ctx): Place[] {
  requirePermission(ctx, "county.home");
  return townshipsOf(ctx.db, bureauCounty(ctx));
}
