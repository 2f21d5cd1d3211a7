import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { catalogItems, products } from "@db/schema";
import { inTransaction, type Ctx, type WriteTx } from "../context.server";
import { Conflict, Invalid } from "../errors";
import { requestIdField } from "../fields.server";
import { once } from "../idempotency.server";
import { nextDelivery } from "../distribution/delivery-dates";
import { activeLinkForStore, casePriceFor, routeOfLink, type LinkRow } from "../distribution/links.server";
import { requirePermission } from "../permission-check.server";
import { createRestockOrder, orderLineOf } from "./create-order.server";
import { balanceOf, openOrdersTotal } from "./account.server";
import { linesFromForm, MAX_ORDER_LINES, MAX_PACKS } from "./cart-form.server";

export const submitOrderSchema = z.object({
  requestId: requestIdField(),
  distributorOrgId: z.string().min(1).max(64),
  /** The delivery date the cart showed: if the cut-off passed meanwhile, the store is asked again. */
  deliveryDate: z.string().max(10).optional(),
  source: z.enum(["cart", "repeat", "suggestion"]).default("cart"),
  // nullish so that parsing an already parsed input (the form schema's output) is harmless.
  note: z
    .string()
    .trim()
    .max(200)
    .nullish()
    .transform((v) => v || null),
  lines: z
    .array(
      z.object({
        productId: z.string().min(1).max(64),
        packs: z
          .number({ error: "restock.packsWhole" })
          .int("restock.packsWhole")
          .min(1, "restock.packsWhole")
          .max(MAX_PACKS, "validation.tooLarge"),
        // The case price the cart showed, in fen. Required: the order must be at the price the
        // shopkeeper agreed to, and a form without one was not made by our page.
        priceFen: z.number({ error: "restock.priceChanged" }).int().min(0),
      }),
    )
    .min(1, "restock.emptyCart")
    .max(MAX_ORDER_LINES),
});
export type SubmitOrderInput = z.input<typeof submitOrderSchema>;
type Parsed = z.output<typeof submitOrderSchema>;

/** The cart form: lines as `line.<skuId>` = packs and `price.<skuId>` = fen, blanks as absent. */
export const submitOrderFormSchema = z
  .record(z.string(), z.unknown())
  .transform((raw, c): unknown => ({
    requestId: raw.requestId,
    distributorOrgId: raw.distributorOrgId,
    deliveryDate: raw.deliveryDate || undefined,
    source: raw.source || undefined,
    note: raw.note,
    lines: linesFromForm(raw, c),
  }))
  .pipe(submitOrderSchema);

export type SubmitOrderResult = { orderId: string; deliveryDate: string; totalFen: number };

/**
 * The store sends its cart to the distributor. One transaction, once per cart (the request id
 * minted when the cart page rendered), so a double tap or a resent POST gets the same order.
 * Prices are read here, in the transaction, and copied onto the lines: the order keeps them
 * whatever the catalog does later. Any refusal writes nothing.
 */
export function submitOrder(ctx: Ctx, raw: SubmitOrderInput): SubmitOrderResult {
  requirePermission(ctx, "order.submit");
  const input = submitOrderSchema.parse(raw);
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, `restock:${input.requestId}`, "restock.submit", () => writeOrder(tx, ctx, input)),
  );
}

function writeOrder(tx: WriteTx, ctx: Ctx, input: Parsed): SubmitOrderResult {
  const link = activeLinkForStore(tx, ctx, input.distributorOrgId);
  const route = routeOfLink(tx, link);
  const next = route?.active ? nextDelivery(route, ctx.clock.now()) : null;
  if (!route || !next) throw new Conflict("restock.noDelivery");
  if (input.deliveryDate && input.deliveryDate !== next.deliveryDate) {
    throw new Conflict("restock.cutoffPassed", { date: next.deliveryDate }, { deliveryDate: "restock.cutoffPassed" });
  }
  const lines = input.lines.map((line) => checkedLine(tx, link, line));
  const totalFen = lines.reduce((n, l) => n + l.qtyPacks * l.casePriceFen, 0);
  if (link.paymentTerms === "account") assertWithinCredit(tx, link, totalFen);

  const order = createRestockOrder(tx, ctx, {
    storeOrgId: ctx.org.id,
    distributorOrgId: link.distributorOrgId,
    link,
    routeId: route.id,
    deliveryDate: next.deliveryDate,
    status: "submitted",
    source: input.source,
    note: input.note,
    lines,
  });
  return { orderId: order.id, deliveryDate: order.deliveryDate, totalFen };
}

/**
 * One cart line against the distributor's catalog. A line asking for more than is available
 * is refused, not capped: a quietly smaller order would surprise the shopkeeper on delivery day,
 * while a refusal names the SKU and what is left so they choose.
 */
function checkedLine(tx: WriteTx, link: LinkRow, line: Parsed["lines"][number]) {
  const field = { [`line.${line.productId}`]: "restock.skuUnavailable" as const };
  const sku = tx
    .select({ product: products, item: catalogItems })
    .from(products)
    .innerJoin(catalogItems, eq(catalogItems.productId, products.id))
    .where(
      and(
        eq(products.id, line.productId),
        eq(products.orgId, link.distributorOrgId),
        eq(catalogItems.orgId, link.distributorOrgId),
      ),
    )
    .get();
  if (!sku) throw new Invalid("restock.skuUnknown", {}, field);
  const { product, item } = sku;
  const params = { name: product.name, unit: product.packUnit || "件" };
  if (!product.active) throw new Invalid("restock.skuUnavailable", params, field);
  if (line.packs < item.minOrderPacks) {
    throw new Invalid(
      "restock.belowMinimum",
      { ...params, min: item.minOrderPacks },
      { [`line.${line.productId}`]: "restock.belowMinimum" },
    );
  }
  const availablePacks = Math.max(Math.floor((product.onHand - item.reserved) / product.packSize), 0);
  if (line.packs > availablePacks) {
    throw new Conflict(
      "restock.notEnoughStock",
      { ...params, packs: availablePacks },
      { [`line.${line.productId}`]: "restock.notEnoughStock" },
    );
  }
  const casePriceFen = casePriceFor(tx, link, product.id)!;
  if (casePriceFen !== line.priceFen) {
    throw new Conflict("restock.priceChanged", params, { [`line.${line.productId}`]: "restock.priceChanged" });
  }
  return orderLineOf(product, casePriceFen, line.packs);
}

/** On account terms, what is owed plus what is on its way plus this order must fit the limit. */
function assertWithinCredit(tx: WriteTx, link: LinkRow, totalFen: number) {
  const pair = { distributorOrgId: link.distributorOrgId, storeOrgId: link.storeOrgId };
  const balance = balanceOf(tx, pair);
  const open = openOrdersTotal(tx, pair);
  if (balance + open + totalFen > link.creditLimitFen) {
    throw new Conflict("restock.creditLimit", {
      balance,
      open,
      total: totalFen,
      sum: balance + open + totalFen,
      limit: link.creditLimitFen,
    });
  }
}
