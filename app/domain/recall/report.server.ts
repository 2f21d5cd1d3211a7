import { and, asc, eq, inArray, sql } from "drizzle-orm";
import {
  customers,
  organisations,
  products,
  recallEvents,
  recallLots,
  recallReturns,
  recalls,
  sales,
  stockLots,
  stockMovements,
  users,
} from "@db/schema";
import type { Ctx } from "../context.server";
import { shanghaiDate } from "../dates";
import { NotFound } from "../errors";

export type ReportLot = {
  lotId: string;
  holder: string;
  holderKind: string;
  name: string;
  baseUnit: string;
  batchNo: string;
  expiryDate: string;
  received: number;
  inStock: number;
  /** Sold at the till; for a warehouse lot, shipped to the stores on runs. */
  sold: number;
  returned: number;
  destroyed: number;
  /** Counts and adjustments the store made on its own: shown so the columns add up honestly. */
  other: number;
};

export type SoldRow = {
  holder: string;
  day: string;
  customer: string | null;
  units: number;
  /** Sold after the flag: offline before the phone knew (accepted, decision 041). */
  afterFlag: boolean;
  offline: boolean;
};

/**
 * Where every unit of a recall is (decision 041): per lot reached, received = in stock + sold +
 * returned + destroyed + other, each read from the stock ledger (never derived from the
 * others); sales by day and credit customer; each store's confirmation and, for a drill, how
 * long it took; the who/why log. The flagging organisation's view only.
 */
export function recallReport(ctx: Ctx, recallId: string) {
  const recall = ctx.db
    .select()
    .from(recalls)
    .where(and(eq(recalls.id, recallId), eq(recalls.orgId, ctx.org.id)))
    .get();
  if (!recall) throw new NotFound();
  const moved = (where: ReturnType<typeof sql>) =>
    sql<number>`coalesce((select -sum(m.qty) from ${stockMovements} m where m.lot_id = ${recallLots.lotId} and m.org_id = ${recallLots.orgId} and ${where}), 0)`;
  const rows = ctx.db
    .select({
      lotId: recallLots.lotId,
      orgId: recallLots.orgId,
      holder: organisations.name,
      holderKind: organisations.kind,
      name: products.name,
      baseUnit: products.baseUnit,
      batchNo: stockLots.batchNo,
      expiryDate: stockLots.expiryDate,
      received: recallLots.received,
      inStock: stockLots.onHand,
      // A warehouse lot "sells" to the stores: what its runs shipped (decision 046).
      sold: moved(sql`(m.ref_type = 'sale' or (m.kind = 'sale' and m.ref_type = 'restock_order'))`),
      returned: moved(sql`m.ref_type = 'recall' and m.ref_id = ${recallId} and m.kind = 'return'`),
      destroyed: moved(sql`m.ref_type = 'recall' and m.ref_id = ${recallId} and m.kind = 'adjustment'`),
      other: moved(sql`m.kind not in ('receipt', 'sale') and coalesce(m.ref_type, '') not in ('sale', 'recall')`),
      confirmedAt: recallLots.confirmedAt,
    })
    .from(recallLots)
    .innerJoin(organisations, eq(organisations.id, recallLots.orgId))
    .innerJoin(stockLots, eq(stockLots.id, recallLots.lotId))
    .innerJoin(products, eq(products.id, recallLots.productId))
    .where(eq(recallLots.recallId, recallId))
    .orderBy(asc(organisations.name), asc(products.name))
    .all();
  const lots: ReportLot[] = rows.map(({ orgId: _o, confirmedAt: _c, ...r }) => r);
  const totals = lots.reduce(
    (t, l) => ({
      received: t.received + (l.holderKind === "store" ? l.received : 0),
      inStock: t.inStock + (l.holderKind === "store" ? l.inStock : 0),
      sold: t.sold + (l.holderKind === "store" ? l.sold : 0),
      returned: t.returned + l.returned,
      destroyed: t.destroyed + l.destroyed,
      other: t.other + (l.holderKind === "store" ? l.other : 0),
    }),
    { received: 0, inStock: 0, sold: 0, returned: 0, destroyed: 0, other: 0 },
  );
  return {
    recall,
    lots,
    totals,
    sold: soldRows(ctx, recall.createdAt, rows),
    stores: storeAnswers(rows, recall.createdAt),
    events: eventsOf(ctx, recallId),
    backOnRuns: backOnRuns(ctx, recallId),
  };
}

function soldRows(ctx: Ctx, flaggedAt: number, lots: { lotId: string; holder: string }[]): SoldRow[] {
  if (lots.length === 0) return [];
  const holderOf = new Map(lots.map((l) => [l.lotId, l.holder]));
  const lines = ctx.db
    .select({
      lotId: stockMovements.lotId,
      qty: stockMovements.qty,
      at: sales.createdAt,
      syncedAt: sales.syncedAt,
      customer: customers.name,
    })
    .from(stockMovements)
    .innerJoin(sales, and(eq(sales.id, stockMovements.refId), eq(sales.orgId, stockMovements.orgId)))
    .leftJoin(customers, eq(customers.id, sales.customerId))
    .where(and(inArray(stockMovements.lotId, [...holderOf.keys()]), eq(stockMovements.refType, "sale")))
    .all();
  const grouped = new Map<string, SoldRow>();
  for (const l of lines) {
    const row = {
      holder: holderOf.get(l.lotId) ?? "",
      day: shanghaiDate(l.at),
      customer: l.customer,
      afterFlag: l.at >= flaggedAt,
      offline: l.syncedAt !== null,
    };
    const key = JSON.stringify(row);
    const seen = grouped.get(key) ?? { ...row, units: 0 };
    seen.units -= l.qty;
    grouped.set(key, seen);
  }
  return [...grouped.values()]
    .filter((r) => r.units !== 0)
    .sort((a, b) => a.holder.localeCompare(b.holder) || a.day.localeCompare(b.day));
}

/** Each holding store: when it confirmed, and how long after the flag (the drill's measure). */
function storeAnswers(
  rows: { orgId: string; holder: string; holderKind: string; confirmedAt: number | null }[],
  at: number,
) {
  const byStore = new Map<string, { store: string; confirmedAt: number | null }>();
  for (const r of rows) {
    if (r.holderKind !== "store") continue;
    const seen = byStore.get(r.orgId);
    const confirmedAt = seen && seen.confirmedAt === null ? null : r.confirmedAt;
    byStore.set(r.orgId, { store: r.holder, confirmedAt: seen ? confirmedAt : r.confirmedAt });
  }
  return [...byStore.values()].map((s) => ({
    ...s,
    minutes: s.confirmedAt === null ? null : Math.max(0, Math.round((s.confirmedAt - at) / 60_000)),
  }));
}

function eventsOf(ctx: Ctx, recallId: string) {
  return ctx.db
    .select({
      kind: recallEvents.kind,
      org: organisations.name,
      actor: users.name,
      qty: recallEvents.qty,
      note: recallEvents.note,
      at: recallEvents.createdAt,
    })
    .from(recallEvents)
    .innerJoin(organisations, eq(organisations.id, recallEvents.orgId))
    .leftJoin(users, eq(users.id, recallEvents.actorId))
    .where(eq(recallEvents.recallId, recallId))
    .orderBy(asc(recallEvents.createdAt))
    .all();
}

/** What drivers took back on runs (decision 046) and what the warehouse did with it. */
function backOnRuns(ctx: Ctx, recallId: string) {
  const rows = ctx.db
    .select({ outcome: recallReturns.outcome, units: sql<number>`sum(${recallReturns.qty})` })
    .from(recallReturns)
    .where(eq(recallReturns.recallId, recallId))
    .groupBy(recallReturns.outcome)
    .all();
  const of = (outcome: "quarantined" | "destroyed" | null) => rows.find((r) => r.outcome === outcome)?.units ?? 0;
  const back = { quarantined: of("quarantined"), destroyed: of("destroyed"), awaiting: of(null) };
  return { pickedUp: back.quarantined + back.destroyed + back.awaiting, ...back };
}
