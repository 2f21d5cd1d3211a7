import { and, desc, eq, lte, sql } from "drizzle-orm";
import { z } from "zod";
import { productPrices, syncDevices, TENDERS } from "@db/schema";
import { inTransaction, type Ctx, type WriteTx } from "../context.server";
import { DomainError, Invalid } from "../errors";
import { CLIENT_ID_PATTERN } from "../ids.server";
import type { ProductRow } from "../inventory/ledger.server";
import { requirePermission } from "../permission-check.server";
import type { MessageKey, MessageParams } from "~/i18n/messages";
import { MAX_CART_LINES, MAX_LINE_QTY } from "./cart";
import { creditWithoutCustomer, writeSaleOnce, type RecordSaleResult } from "./record-sale.server";

/** The most sales one sync request may carry (the outbox sends its oldest first, in batches). */
export const MAX_SYNC_BATCH = 100;
/** How far a phone's clock may run ahead of the server's before its sale is refused. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;
/**
 * The offline limit: how far before the device's last successful sync (or, for a device the
 * server has not heard from, before now) an offline sale may say it was made (decision 044).
 * Older ones are the owner's to enter by hand.
 */
export const OFFLINE_SALE_MAX_AGE_DAYS = 14;

const offlineSaleSchema = z.object({
  saleId: z.string().regex(CLIENT_ID_PATTERN),
  madeAt: z.number().int().min(0),
  catalogVersion: z.number().int().min(0),
  tender: z.enum(TENDERS),
  lines: z
    .array(
      z.object({
        productId: z.string().min(1).max(64),
        qty: z.number().int().min(1).max(MAX_LINE_QTY),
        unitPriceFen: z.number().int().min(0).max(100_000_000),
      }),
    )
    .min(1)
    .max(MAX_CART_LINES),
  cashReceivedFen: z.number().int().min(0).max(100_000_000).optional(),
  customerId: z.string().max(64).optional(),
  customerName: z.string().max(40).optional(),
});

/** The body of `POST /api/sales/sync` (COMMON contract; decision 032). */
export const syncSalesSchema = z.object({
  storeId: z.string().min(1).max(64),
  /** The phone's own id (minted once, kept with its outbox): anchors the offline bound. */
  deviceId: z.string().regex(CLIENT_ID_PATTERN).optional(),
  sales: z.array(offlineSaleSchema).min(1).max(MAX_SYNC_BATCH),
});
export type SyncSalesInput = z.infer<typeof syncSalesSchema>;
export type OfflineSale = z.infer<typeof offlineSaleSchema>;

export type SyncFlag = "oversold" | "price";
export type SyncResult =
  | { saleId: string; status: "recorded" | "duplicate"; flags?: SyncFlag[] }
  | { saleId: string; status: "refused"; code: MessageKey; params?: MessageParams };

/**
 * The outbox of a phone that sold offline, taken as facts, checked. One transaction for the
 * batch, a refused sale undone alone (in a savepoint), so one bad sale does not block the
 * others. Each sale keeps the time it was made (not in the future, not older than the offline
 * limit) so takings, rollups and the credit book land on its day; a price the entry's catalog
 * version had (or today's) is accepted, any other is what the customer paid, recorded and
 * flagged for the owner.
 */
export function syncSales(ctx: Ctx, input: SyncSalesInput, maxAgeDays = OFFLINE_SALE_MAX_AGE_DAYS): SyncResult[] {
  requirePermission(ctx, "sale.record");
  const now = ctx.clock.now();
  // A phone's outbox is nearly always clean, and a savepoint per sale costs a batch a good part of
  // its time (SQLite copies each page a sale touches into the savepoint's journal). So the sales
  // are written without one, the batch's transaction their only undo, until one is refused: then
  // that transaction is rolled back and the batch written again, the sales before the refused one
  // as before and from it on each in its own savepoint (decision 033). The answers are the same
  // as with a savepoint for every sale: a rolled-back pass leaves nothing behind. A pass is
  // repeated only when a sale before the savepoints is refused (another process changed the
  // store in between), and then they start earlier: a batch is written at most once per sale.
  let savepointsFrom = input.sales.length;
  for (;;) {
    try {
      return syncBatch(ctx, input, now, maxAgeDays, savepointsFrom);
    } catch (error) {
      if (!(error instanceof RefusedWithoutSavepoint)) throw error;
      savepointsFrom = error.index;
    }
  }
}

const DAY_MS = 24 * 60 * 60 * 1000;
type Bound = { oldest: number; maxAgeDays: number };

/** The batch's sale `index` was refused with no savepoint to undo it alone: the batch is written again. */
class RefusedWithoutSavepoint extends Error {
  constructor(readonly index: number) {
    super(`sale ${index} refused without a savepoint`);
  }
}

function syncBatch(
  ctx: Ctx,
  input: SyncSalesInput,
  now: number,
  maxAgeDays: number,
  savepointsFrom: number,
): SyncResult[] {
  return inTransaction(ctx.db, (tx) => {
    // The bound is anchored at the device's last successful sync in this store (decision 044):
    // a sale may not claim a time before it by more than the offline limit. A device the
    // server has not heard from (or a client without an id) is anchored at now.
    const since = input.deviceId ? lastSyncOf(tx, ctx, input.deviceId) : null;
    const bound = { oldest: (since ?? now) - maxAgeDays * DAY_MS, maxAgeDays };
    const results = input.sales.map((sale, i) => syncOne(tx, ctx, sale, now, bound, i, i >= savepointsFrom));
    if (input.deviceId) markSynced(tx, ctx, input.deviceId, now);
    return results;
  });
}

function lastSyncOf(tx: WriteTx, ctx: Ctx, deviceId: string): number | null {
  const row = tx
    .select({ at: syncDevices.lastSyncAt })
    .from(syncDevices)
    .where(and(eq(syncDevices.orgId, ctx.org.id), eq(syncDevices.deviceId, deviceId)))
    .get();
  return row?.at ?? null;
}

/** This request was answered: the device's last successful sync is now (never moved back). */
function markSynced(tx: WriteTx, ctx: Ctx, deviceId: string, now: number) {
  tx.insert(syncDevices)
    .values({ orgId: ctx.org.id, deviceId, userId: ctx.actor.id, lastSyncAt: now })
    .onConflictDoUpdate({
      target: [syncDevices.orgId, syncDevices.deviceId],
      set: { userId: ctx.actor.id, lastSyncAt: sql`max(${syncDevices.lastSyncAt}, excluded.last_sync_at)` },
    })
    .run();
}

function syncOne(
  tx: WriteTx,
  ctx: Ctx,
  sale: OfflineSale,
  now: number,
  bound: Bound,
  index: number,
  inSavepoint: boolean,
): SyncResult {
  const write = () => {
    // The batch's schema has checked each field as the sell form's does; what is left of the
    // form's rules is the credit sale's customer (one zod pass per sale was 1.5 % of a batch).
    const input = { ...sale, customerName: sale.customerName?.trim() || undefined };
    if (creditWithoutCustomer(input)) throw new Invalid("sale.customerRequired");
    return writeSaleOnce(tx, ctx, input, {
      madeAt: Math.min(sale.madeAt, now),
      syncedAt: now,
      check: () => checkMadeAt(sale.madeAt, now, bound),
      priceOf: (product, line) => priceOf(tx, product, line.unitPriceFen, sale.catalogVersion),
    });
  };
  try {
    // A savepoint per sale, better-sqlite3's own (a transaction function called inside a
    // transaction): drizzle's nested transaction built a new query builder per sale.
    const { result, first } = inSavepoint ? savepoint(ctx, write) : write();
    return { saleId: sale.saleId, status: first ? "recorded" : "duplicate", ...flagsOf(result) };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (!inSavepoint) throw new RefusedWithoutSavepoint(index);
    const params = Object.keys(error.params).length ? { params: error.params } : {};
    return { saleId: sale.saleId, status: "refused", code: error.key, ...params };
  }
}

/** Runs `fn` in a savepoint of the open transaction: its writes are undone if it throws. */
function savepoint<T>(ctx: Ctx, fn: () => T): T {
  return ctx.db.$client.transaction(fn)();
}

function checkMadeAt(madeAt: number, now: number, bound: Bound) {
  if (madeAt > now + CLOCK_SKEW_MS) throw new Invalid("sync.madeAtFuture");
  if (madeAt < bound.oldest) throw new Invalid("sync.madeAtTooOld", { days: bound.maxAgeDays });
}

/** Today's price, or the one the phone's catalog version had, is accepted; else what was paid, flagged. */
function priceOf(tx: WriteTx, product: ProductRow, unitPriceFen: number | undefined, version: number) {
  if (unitPriceFen === undefined || unitPriceFen === product.priceFen) return { priceFen: product.priceFen, ok: true };
  const then = tx
    .select({ priceFen: productPrices.priceFen })
    .from(productPrices)
    .where(
      and(
        eq(productPrices.orgId, product.orgId),
        eq(productPrices.productId, product.id),
        lte(productPrices.fromVersion, version),
      ),
    )
    .orderBy(desc(productPrices.fromVersion))
    .limit(1)
    .get();
  return { priceFen: unitPriceFen, ok: then?.priceFen === unitPriceFen };
}

function flagsOf(result: RecordSaleResult): { flags?: SyncFlag[] } {
  const flags: SyncFlag[] = [];
  if (result.oversold) flags.push("oversold");
  if (result.priceFlagged) flags.push("price");
  return flags.length ? { flags } : {};
}
