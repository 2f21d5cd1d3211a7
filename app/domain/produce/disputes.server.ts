import { and, asc, desc, eq } from "drizzle-orm";
import type { Db } from "@db/client";
import { farmers, produceDisputes, producePurchases } from "@db/schema";
import type { Ctx, WriteTx } from "../context.server";
import { inTransaction } from "../context.server";
import type { Clock } from "../dates";
import { shanghaiParts } from "../dates";
import { Conflict, NotFound } from "../errors";
import { newId } from "../ids.server";
import type { RaiseDisputeInput } from "./dispute-fields.server";

// A farmer's dispute of a produce receipt (issue 15, decision 047). The farmer has no account:
// the receipt link's token is the credential and reaches that one purchase, so raising takes the
// token instead of a Ctx (like the supplier's quote link, decision 036) and is not in the
// permission table. Once per receipt (a unique index), only until the deadline the receipt states.

const TOKEN = /^[A-Za-z0-9_-]{16}$/;

export type DisputeView = typeof produceDisputes.$inferSelect;

function purchaseOfToken(db: Db | WriteTx, token: string) {
  if (!TOKEN.test(token)) throw new NotFound();
  const purchase = db.select().from(producePurchases).where(eq(producePurchases.receiptToken, token)).get();
  if (!purchase) throw new NotFound();
  return purchase;
}

/** The dispute of a purchase, if the farmer raised one. */
export function disputeOfPurchase(db: Db | WriteTx, orgId: string, purchaseId: string): DisputeView | null {
  return (
    db
      .select()
      .from(produceDisputes)
      .where(and(eq(produceDisputes.orgId, orgId), eq(produceDisputes.purchaseId, purchaseId)))
      .get() ?? null
  );
}

/** "2026-12-08 10:00" in Asia/Shanghai, for a message that names the deadline. */
function shanghaiMinute(ms: number) {
  const { date, time } = shanghaiParts(ms);
  return `${date} ${time.slice(0, 5)}`;
}

/**
 * The farmer disputes the receipt with a short reason. Refused after the deadline (409, saying
 * until when it was open) and when a dispute was already raised with another reason (409); the
 * same reason sent again (a retried post) answers with the dispute already written.
 */
export function raiseDispute(db: Db, clock: Clock, token: string, input: RaiseDisputeInput) {
  return inTransaction(db, (tx) => {
    const purchase = purchaseOfToken(tx, token);
    const existing = disputeOfPurchase(tx, purchase.orgId, purchase.id);
    if (existing) {
      if (existing.reason === input.reason) return { disputeId: existing.id, repeated: true };
      throw new Conflict("produce.dispute.already");
    }
    const now = clock.now();
    if (now > purchase.disputeUntil)
      throw new Conflict("produce.dispute.closed", { until: shanghaiMinute(purchase.disputeUntil) });
    const id = newId();
    tx.insert(produceDisputes)
      .values({
        id,
        orgId: purchase.orgId,
        purchaseId: purchase.id,
        farmerId: purchase.farmerId,
        reason: input.reason,
        status: "open",
        raisedAt: now,
      })
      .run();
    return { disputeId: id, repeated: false };
  });
}

/** What the receipt page shows of the dispute: the farmer's reason and the store's answer. */
export function disputeByToken(db: Db, clock: Clock, token: string) {
  const purchase = purchaseOfToken(db, token);
  const dispute = disputeOfPurchase(db, purchase.orgId, purchase.id);
  return {
    open: dispute === null && clock.now() <= purchase.disputeUntil,
    dispute: dispute
      ? {
          status: dispute.status,
          reason: dispute.reason,
          raisedAt: dispute.raisedAt,
          answer: dispute.answer,
          correctedQty: dispute.correctedQty,
          correctedPriceFen: dispute.correctedPriceFen,
          correctedAmountFen: dispute.correctedAmountFen,
          adjustmentFen: dispute.adjustmentFen,
          resolvedAt: dispute.resolvedAt,
        }
      : null,
  };
}

/** The store's disputes: the open ones first (oldest first), then the resolved (newest first). */
export function listDisputes(ctx: Ctx, { farmerId }: { farmerId?: string } = {}) {
  const rows = ctx.db
    .select({ dispute: produceDisputes, purchase: producePurchases, farmerName: farmers.name })
    .from(produceDisputes)
    .innerJoin(producePurchases, eq(producePurchases.id, produceDisputes.purchaseId))
    .innerJoin(farmers, eq(farmers.id, produceDisputes.farmerId))
    .where(and(eq(produceDisputes.orgId, ctx.org.id), farmerId ? eq(produceDisputes.farmerId, farmerId) : undefined))
    .orderBy(asc(produceDisputes.raisedAt))
    .all();
  const open = rows.filter((r) => r.dispute.status === "open");
  const resolved = rows.filter((r) => r.dispute.status !== "open").reverse();
  return [...open, ...resolved].map(disputeRow);
}

/** How many disputes wait for the store (the home page's notice). */
export function openDisputeCount(ctx: Ctx): number {
  return ctx.db
    .select({ id: produceDisputes.id })
    .from(produceDisputes)
    .where(and(eq(produceDisputes.orgId, ctx.org.id), eq(produceDisputes.status, "open")))
    .all().length;
}

function disputeRow(r: {
  dispute: typeof produceDisputes.$inferSelect;
  purchase: typeof producePurchases.$inferSelect;
  farmerName: string;
}) {
  const { dispute: d, purchase: p } = r;
  return {
    id: d.id,
    status: d.status,
    reason: d.reason,
    raisedAt: d.raisedAt,
    answer: d.answer,
    correctedQty: d.correctedQty,
    correctedPriceFen: d.correctedPriceFen,
    correctedAmountFen: d.correctedAmountFen,
    adjustmentFen: d.adjustmentFen,
    resolvedAt: d.resolvedAt,
    farmerId: d.farmerId,
    farmerName: r.farmerName,
    purchase: {
      id: p.id,
      produce: p.produce,
      grade: p.grade,
      unit: p.unit,
      qty: p.qty,
      priceFen: p.priceFen,
      amountFen: p.amountFen,
      payment: p.payment,
      createdAt: p.createdAt,
    },
  };
}
export type DisputeRow = ReturnType<typeof disputeRow>;

/** One dispute of the store, for its resolve page; another store's id reads as missing. */
export function getDispute(ctx: Ctx, disputeId: string): DisputeRow {
  const row = ctx.db
    .select({ dispute: produceDisputes, purchase: producePurchases, farmerName: farmers.name })
    .from(produceDisputes)
    .innerJoin(producePurchases, eq(producePurchases.id, produceDisputes.purchaseId))
    .innerJoin(farmers, eq(farmers.id, produceDisputes.farmerId))
    .where(and(eq(produceDisputes.id, disputeId), eq(produceDisputes.orgId, ctx.org.id)))
    .orderBy(desc(produceDisputes.raisedAt))
    .get();
  if (!row) throw new NotFound("produce.dispute.notFound");
  return disputeRow(row);
}

/** The dispute of one of the store's purchases (its receipt page shows it), or null. */
export function purchaseDispute(ctx: Ctx, purchaseId: string) {
  return disputeOfPurchase(ctx.db, ctx.org.id, purchaseId);
}
