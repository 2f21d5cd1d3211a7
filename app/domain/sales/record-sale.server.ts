import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { saleLines, sales, TENDERS } from "@db/schema";
import { inTransaction, type Ctx, type WriteTx } from "../context.server";
import { addCreditEntry } from "../credit/ledger.server";
import { customerForSale } from "../credit/customers.server";
import { Conflict, Invalid, NotFound } from "../errors";
import { optionalMoneyField } from "../fields.server";
import { CLIENT_ID_PATTERN, newId } from "../ids.server";
import { once } from "../idempotency.server";
import { applyMovement, productForUpdate, type ProductRow } from "../inventory/ledger.server";
import { bookSale } from "../analysis/rollups.server";
import { cartFromEntries, MAX_CART_LINES, MAX_LINE_QTY } from "./cart";
import { requirePermission } from "../permission-check.server";
import { preparedFor } from "../prepared.server";

const p = sql.placeholder;

// A sale's own rows, prepared once per database (decision 033): drizzle rebuilt their SQL text
// on every sale and every line. They run on ctx.db, the connection of the sale's transaction.
const queries = preparedFor((db) => ({
  insertSale: db
    .insert(sales)
    .values({
      id: p("id"),
      orgId: p("orgId"),
      tender: p("tender"),
      totalFen: p("totalFen"),
      cashReceivedFen: p("cashReceivedFen"),
      changeFen: p("changeFen"),
      customerId: p("customerId"),
      actorId: p("actorId"),
      createdAt: p("createdAt"),
      syncedAt: p("syncedAt"),
      priceFlagged: p("priceFlagged"),
    })
    .prepare(),
  insertLine: db
    .insert(saleLines)
    .values({
      id: p("id"),
      orgId: p("orgId"),
      saleId: p("saleId"),
      productId: p("productId"),
      qty: p("qty"),
      priceFen: p("priceFen"),
      costFen: p("costFen"),
      oversold: p("oversold"),
    })
    .prepare(),
  markOversold: db
    .update(sales)
    .set({ oversold: true })
    .where(and(eq(sales.id, p("saleId")), eq(sales.orgId, p("orgId"))))
    .prepare(),
}));

export const recordSaleSchema = z
  .object({
    saleId: z.string().regex(CLIENT_ID_PATTERN, "validation.requestId"),
    tender: z.enum(TENDERS, { error: "sale.tenderRequired" }),
    lines: z
      .array(z.object({ productId: z.string().min(1).max(64), qty: z.number().int().min(1).max(MAX_LINE_QTY) }))
      .min(1, "sale.empty")
      .max(MAX_CART_LINES),
    /** Cash handed over; absent means the exact amount. */
    cashReceivedFen: z.number().int().min(0).max(100_000_000).optional(),
    customerId: z.string().max(64).optional(),
    customerName: z.string().trim().max(40, "validation.tooLong").optional(),
  })
  .superRefine((sale, c) => {
    if (creditWithoutCustomer(sale)) {
      c.addIssue({ code: "custom", message: "sale.customerRequired", path: ["customerId"] });
    }
  });

/** A credit sale names whom it is on: a customer of the book or a new name. */
export function creditWithoutCustomer(sale: { tender: string; customerId?: string; customerName?: string }): boolean {
  return sale.tender === "credit" && !sale.customerId && !sale.customerName;
}
export type RecordSaleInput = z.input<typeof recordSaleSchema>;

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** The sell form: the cart as "line.<productId>" inputs, cash typed in yuan, blanks as absent. */
export const recordSaleFormSchema = z
  .object({
    saleId: z.unknown().optional(),
    tender: z.preprocess(blankToUndefined, z.unknown()),
    cashReceived: z.preprocess(blankToUndefined, optionalMoneyField()),
    customerId: z.preprocess(blankToUndefined, z.string().optional()),
    customerName: z.preprocess(blankToUndefined, z.string().optional()),
  })
  .catchall(z.unknown())
  .transform((raw): unknown => ({
    saleId: raw.saleId,
    tender: raw.tender,
    lines: cartFromEntries(Object.entries(raw)),
    cashReceivedFen: raw.cashReceived,
    customerId: raw.customerId,
    customerName: raw.customerName,
  }))
  .pipe(recordSaleSchema);

export type RecordSaleResult = {
  saleId: string;
  totalFen: number;
  changeFen: number | null;
  oversold: boolean;
  /** An offline sale at a price its catalog version never had (absent otherwise). */
  priceFlagged?: boolean;
  /** What was asked for; a second request with the same sale id must ask for the same. */
  fingerprint: string;
};

function fingerprintOf(input: z.output<typeof recordSaleSchema>): string {
  const lines = [...input.lines]
    .sort((a, b) => a.productId.localeCompare(b.productId))
    .map((l) => `${l.productId}*${l.qty}`);
  return [input.tender, input.customerId ?? input.customerName ?? "", ...lines].join("|");
}

/**
 * A sale, its lines, its stock movements and the cached levels, in one transaction. The sale
 * id comes from the client, so a double tap or a retried POST gets the first result back.
 * Selling more than the books hold is allowed (village records lag the shelf) and flagged.
 */
export function recordSale(ctx: Ctx, rawInput: RecordSaleInput): RecordSaleResult {
  requirePermission(ctx, "sale.record");
  const input = recordSaleSchema.parse(rawInput);
  return inTransaction(ctx.db, (tx) => writeSaleOnce(tx, ctx, input, { madeAt: ctx.clock.now() }).result);
}

/**
 * When and at what price a sale happened. Online: now, at today's prices. A sale made offline
 * (decision 032) keeps the time it was made on the phone and the prices the phone showed;
 * `priceOf` says whether each was a price the product had (else the sale is flagged).
 */
export type SaleFacts = {
  madeAt: number;
  syncedAt?: number;
  /** Refuses a sale about to be written for the first time (a replay of a recorded one passes). */
  check?: () => void;
  priceOf?: (product: ProductRow, line: { qty: number; unitPriceFen?: number }) => { priceFen: number; ok: boolean };
};

/**
 * Records the sale once per sale id, in the caller's transaction (the sync runs each sale in a
 * savepoint of one). `first` is false when the id had been recorded before: the first result
 * comes back; a different sale under a spent id is a Conflict.
 */
export function writeSaleOnce(
  tx: WriteTx,
  ctx: Ctx,
  input: z.output<typeof recordSaleSchema> & { lines: { productId: string; qty: number; unitPriceFen?: number }[] },
  facts: SaleFacts,
): { result: RecordSaleResult; first: boolean } {
  const fingerprint = fingerprintOf(input);
  let first = false;
  const result = once(tx, ctx, `sale:${input.saleId}`, "sales.record", () => {
    first = true;
    return writeSale(tx, ctx, input, fingerprint, facts);
  });
  if (result.fingerprint !== fingerprint) throw new Conflict("sale.idReused");
  return { result, first };
}

function writeSale(
  tx: WriteTx,
  ctx: Ctx,
  input: z.output<typeof recordSaleSchema> & { lines: { productId: string; qty: number; unitPriceFen?: number }[] },
  fingerprint: string,
  facts: SaleFacts,
): RecordSaleResult {
  const q = queries(ctx.db);
  facts.check?.();
  let priceFlagged = false;
  const lines = mergeLines(input.lines).map((line) => {
    const product = productForUpdate(tx, ctx, line.productId);
    if (!product.active) throw new NotFound("sale.productGone", { name: product.name });
    const priced = facts.priceOf ? facts.priceOf(product, line) : { priceFen: product.priceFen, ok: true };
    priceFlagged ||= !priced.ok;
    return { ...line, priceFen: priced.priceFen, product };
  });
  const totalFen = lines.reduce((sum, l) => sum + l.qty * l.priceFen, 0);

  let cashReceivedFen: number | null = null;
  let changeFen: number | null = null;
  if (input.tender === "cash") {
    cashReceivedFen = input.cashReceivedFen ?? totalFen;
    if (cashReceivedFen < totalFen) throw new Invalid("sale.cashShort", {}, { cashReceived: "sale.cashShort" });
    changeFen = cashReceivedFen - totalFen;
  }
  const customerId = input.tender === "credit" ? customerForSale(tx, ctx, input) : null;

  const now = facts.madeAt;
  insertOnce(() =>
    q.insertSale.run({
      id: input.saleId,
      orgId: ctx.org.id,
      tender: input.tender,
      totalFen,
      cashReceivedFen,
      changeFen,
      customerId,
      actorId: ctx.actor.id,
      createdAt: now,
      syncedAt: facts.syncedAt ?? null,
      priceFlagged,
    }),
  );
  let oversold = false;
  for (const { product, qty, priceFen } of lines) {
    const short = product.onHand - qty < 0;
    oversold ||= short;
    q.insertLine.run({
      id: newId(),
      orgId: ctx.org.id,
      saleId: input.saleId,
      productId: product.id,
      qty,
      priceFen,
      costFen: product.costFen,
      oversold: short,
    });
    applyMovement(tx, ctx, {
      productId: product.id,
      product,
      kind: "sale",
      qty: -qty,
      unitCostFen: product.costFen,
      refType: "sale",
      refId: input.saleId,
      at: now,
      // At the till a recalled lot is refused; a sale made offline before the phone knew of the
      // recall already happened, so it is recorded against the recalled units (decision 041).
      quarantined: facts.syncedAt === undefined ? "refuse" : "take",
    });
  }
  if (oversold) q.markOversold.run({ saleId: input.saleId, orgId: ctx.org.id });
  bookSale(
    ctx.db,
    ctx.org.id,
    now,
    lines.map(({ product, qty, priceFen }) => ({
      productId: product.id,
      qty,
      priceFen,
      costFen: product.costFen,
    })),
  );
  if (customerId && totalFen > 0)
    addCreditEntry(tx, ctx, { customerId, kind: "sale", amountFen: totalFen, saleId: input.saleId, at: now });
  return {
    saleId: input.saleId,
    totalFen,
    changeFen,
    oversold,
    fingerprint,
    ...(priceFlagged ? { priceFlagged } : {}),
  };
}

/**
 * The sale's row, first of its writes. Its id is the table's primary key: an id this store has
 * not spent (`once` found no key) but the table holds belongs to another store, and is refused
 * like any spent id; the caller's transaction (or savepoint) undoes whatever came before.
 */
function insertOnce(insert: () => unknown) {
  try {
    insert();
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "SQLITE_CONSTRAINT_PRIMARYKEY")
      throw new Conflict("sale.idReused");
    throw error;
  }
}

function mergeLines<L extends { productId: string; qty: number; unitPriceFen?: number }>(lines: L[]): L[] {
  const merged = new Map<string, L>();
  for (const l of lines) {
    const seen = merged.get(l.productId);
    merged.set(l.productId, seen ? { ...seen, qty: seen.qty + l.qty } : { ...l });
  }
  return [...merged.values()];
}
