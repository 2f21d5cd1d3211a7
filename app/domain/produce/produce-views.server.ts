import { and, asc, desc, eq, gt, inArray } from "drizzle-orm";
import {
  buyingListLines,
  buyingLists,
  consignmentLines,
  consignments,
  distributorLinks,
  farmers,
  lotTraceCodes,
  organisations,
  producePurchases,
  stockLots,
  storeCertificates,
} from "@db/schema";
import type { Ctx } from "../context.server";
import { isoWeekMonday, shanghaiDate, addDays } from "../dates";
import { routeOfLink } from "../distribution/links.server";
import { NotFound } from "../errors";
import { findRun } from "../fulfilment/runs.server";
import { listFarmers } from "./farmer-accounts.server";
import { pendingHandBacks } from "./hand-back.server";
import { linesOfLists } from "./lists.internal.server";
import { pickupDaysFor } from "./offer-consignment.server";

/** The store's produce page: this week's buying lists with its pickup days, lots to offer, consignments, farmers. */
export function storeProduce(ctx: Ctx) {
  const now = ctx.clock.now();
  const fromWeek = addDays(isoWeekMonday(shanghaiDate(now)), -7);
  const links = ctx.db
    .select()
    .from(distributorLinks)
    .where(and(eq(distributorLinks.storeOrgId, ctx.org.id), eq(distributorLinks.status, "active")))
    .all();
  const lists = links.length
    ? ctx.db
        .select({ list: buyingLists, distributorName: organisations.name })
        .from(buyingLists)
        .innerJoin(organisations, eq(organisations.id, buyingLists.orgId))
        .where(
          and(
            inArray(
              buyingLists.orgId,
              links.map((l) => l.distributorOrgId),
            ),
            gt(buyingLists.weekOf, fromWeek),
          ),
        )
        .orderBy(desc(buyingLists.weekOf), desc(buyingLists.publishedAt))
        .all()
    : [];
  const lines = linesOfLists(
    ctx.db,
    lists.map((l) => l.list.id),
  );
  const withDays = lists.map(({ list, distributorName }) => {
    const link = links.find((l) => l.distributorOrgId === list.orgId)!;
    const route = routeOfLink(ctx.db, link);
    return {
      id: list.id,
      title: list.title,
      weekOf: list.weekOf,
      distributorName,
      pickupDays: route ? pickupDaysFor(list.pickupDates, route.weekdays, now) : [],
      lines: lines.filter((l) => l.listId === list.id),
    };
  });
  const farmerLots = ctx.db
    .select({
      lotId: stockLots.id,
      batchNo: stockLots.batchNo,
      onHand: stockLots.onHand,
      produce: producePurchases.produce,
      grade: producePurchases.grade,
      unit: producePurchases.unit,
      farmerName: farmers.name,
      createdAt: stockLots.createdAt,
    })
    .from(producePurchases)
    .innerJoin(stockLots, eq(stockLots.id, producePurchases.lotId))
    .innerJoin(farmers, eq(farmers.id, producePurchases.farmerId))
    .where(and(eq(producePurchases.orgId, ctx.org.id), gt(stockLots.onHand, 0)))
    .all();
  const mixedLots = ctx.db
    .select({
      lotId: stockLots.id,
      batchNo: stockLots.batchNo,
      onHand: stockLots.onHand,
      produce: storeCertificates.produce,
      grade: storeCertificates.grade,
      unit: storeCertificates.unit,
      certNumber: storeCertificates.number,
      createdAt: stockLots.createdAt,
    })
    .from(storeCertificates)
    .innerJoin(stockLots, eq(stockLots.id, storeCertificates.lotId))
    .where(and(eq(storeCertificates.orgId, ctx.org.id), gt(stockLots.onHand, 0)))
    .all();
  const lots = [
    ...farmerLots.map((l) => ({ ...l, certNumber: null as string | null })),
    ...mixedLots.map((l) => ({ ...l, farmerName: null as string | null })),
  ].sort((a, b) => a.createdAt - b.createdAt || a.batchNo.localeCompare(b.batchNo));
  const purchases = ctx.db
    .select({ purchase: producePurchases, farmerName: farmers.name })
    .from(producePurchases)
    .innerJoin(farmers, eq(farmers.id, producePurchases.farmerId))
    .where(eq(producePurchases.orgId, ctx.org.id))
    .orderBy(desc(producePurchases.createdAt))
    .limit(30)
    .all();
  return { lists: withDays, lots, purchases, farmers: listFarmers(ctx), consignments: consignmentsOf(ctx, "store") };
}

/** Consignments with their lines, as either side sees them (filtered by that side's org). */
export function consignmentsOf(ctx: Ctx, side: "store" | "distributor", ids?: string[]) {
  const own = side === "store" ? consignments.storeOrgId : consignments.distributorOrgId;
  const other = side === "store" ? consignments.distributorOrgId : consignments.storeOrgId;
  const rows = ctx.db
    .select({ consignment: consignments, otherName: organisations.name, stopSeq: distributorLinks.stopSeq })
    .from(consignments)
    .innerJoin(organisations, eq(organisations.id, other))
    .leftJoin(
      distributorLinks,
      and(
        eq(distributorLinks.storeOrgId, consignments.storeOrgId),
        eq(distributorLinks.distributorOrgId, consignments.distributorOrgId),
      ),
    )
    .where(and(eq(own, ctx.org.id), ids ? inArray(consignments.id, ids) : undefined))
    .orderBy(desc(consignments.pickupDate), asc(distributorLinks.stopSeq), desc(consignments.createdAt))
    .limit(100)
    .all();
  const lineRows = rows.length
    ? ctx.db
        .select({
          line: consignmentLines,
          produce: buyingListLines.produce,
          grade: buyingListLines.grade,
          unit: buyingListLines.unit,
          listPriceFen: buyingListLines.priceFen,
          batchNo: stockLots.batchNo,
        })
        .from(consignmentLines)
        .innerJoin(buyingListLines, eq(buyingListLines.id, consignmentLines.listLineId))
        .innerJoin(stockLots, eq(stockLots.id, consignmentLines.storeLotId))
        .where(
          inArray(
            consignmentLines.consignmentId,
            rows.map((r) => r.consignment.id),
          ),
        )
        .all()
    : [];
  return rows.map((r) => ({
    ...r.consignment,
    otherName: r.otherName,
    stopSeq: r.stopSeq ?? 0,
    lines: lineRows
      .filter((l) => l.line.consignmentId === r.consignment.id)
      .map((l) => ({
        ...l.line,
        produce: l.produce,
        grade: l.grade,
        unit: l.unit,
        listPriceFen: l.listPriceFen,
        batchNo: l.batchNo,
      })),
  }));
}

/** One consignment of this distributor, for grading; NotFound for any other id. */
export function consignmentForDistributor(ctx: Ctx, consignmentId: string) {
  const [found] = consignmentsOf(ctx, "distributor", [consignmentId]);
  if (!found) throw new NotFound("produce.consignmentNotFound");
  return found;
}

/** The distributor's produce page: its buying lists and the consignments offered against them. */
export function distributorProduce(ctx: Ctx) {
  const lists = ctx.db
    .select()
    .from(buyingLists)
    .where(eq(buyingLists.orgId, ctx.org.id))
    .orderBy(desc(buyingLists.weekOf), desc(buyingLists.publishedAt))
    .limit(10)
    .all();
  const lines = linesOfLists(
    ctx.db,
    lists.map((l) => l.id),
  );
  return {
    lists: lists.map((l) => ({ ...l, lines: lines.filter((x) => x.listId === l.id) })),
    consignments: consignmentsOf(ctx, "distributor"),
  };
}

/** The return leg of a run: consignments to pick up at its stops, in stop order. */
export function returnLeg(ctx: Ctx, runId: string) {
  const run = findRun(ctx.db, ctx, runId);
  const ids = ctx.db
    .select({ id: consignments.id })
    .from(consignments)
    .where(
      and(
        eq(consignments.distributorOrgId, ctx.org.id),
        eq(consignments.routeId, run.routeId),
        eq(consignments.pickupDate, run.deliveryDate),
      ),
    )
    .all()
    .map((r) => r.id);
  return ids.length ? consignmentsOf(ctx, "distributor", ids).sort((a, b) => a.stopSeq - b.stopSeq) : [];
}

/** The lot's public trace path (trace lane owns the page): `/lot/{code}`. */
export function tracePathOfLot(ctx: Ctx, lotId: string): string | null {
  const row = ctx.db
    .select({ code: lotTraceCodes.code })
    .from(lotTraceCodes)
    .where(and(eq(lotTraceCodes.lotId, lotId), eq(lotTraceCodes.orgId, ctx.org.id)))
    .get();
  return row ? `/lot/${row.code}` : null;
}

export type StoreProduce = ReturnType<typeof storeProduce>;
export type ConsignmentView = ReturnType<typeof consignmentsOf>[number];

/** Rejected lots the van takes back to their stores on this run (picked up on an earlier one). */
export function handBacksOf(ctx: Ctx, runId: string) {
  const run = findRun(ctx.db, ctx, runId);
  const pending = pendingHandBacks(ctx.db, ctx, run);
  if (pending.length === 0) return [];
  const ids = new Set(pending.map((p) => p.line.id));
  return consignmentsOf(ctx, "distributor", [...new Set(pending.map((p) => p.line.consignmentId))])
    .map((c) => ({ ...c, lines: c.lines.filter((l) => ids.has(l.id)) }))
    .sort((a, b) => a.stopSeq - b.stopSeq);
}
