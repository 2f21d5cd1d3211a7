import { and, eq, inArray, isNotNull } from "drizzle-orm";
import { catalogItems, products } from "@db/schema";
import type { Ctx } from "../context.server";
import { addDays, daysBetween, shanghaiDate } from "../dates";
import type { LinkRow } from "../distribution/links.server";
import { availableUnits, quarantinedUnits } from "../recall/quarantine.server";
import { explain } from "./explain-suggestion.server";
import { incomingUnits } from "./incoming-units.server";
import { HISTORY_DAYS, NEW_PRODUCT_DAYS, planNewProduct, planRestock, type Plan } from "./restock-policy";
import { firstMovementDays, lastReceiptUnits, listPrices, salesByProduct } from "./suggestion-reads.internal.server";
import type { Delivery, Suggestion } from "./suggestion-types";

// The suggestions themselves (suggestions.server.ts is the entry): the store's products paired
// with a distributor's SKUs by barcode, each planned from its sales history. It reads the
// distributor's catalog and price list by the link it is given, not by the caller's organisation,
// so only the domain may call it (internal module: routes and components cannot import it).

const byName = new Intl.Collator("zh-CN");

/**
 * The store's suggestions from the distributor of `link` for the order going on `delivery`, most
 * urgent first; with `onlyProductId`, that product's alone (none if the distributor lacks it).
 */
export function suggest(
  ctx: Ctx,
  link: LinkRow,
  delivery: Delivery,
  now: number,
  onlyProductId: string | null,
): Suggestion[] {
  const distributorOrgId = link.distributorOrgId;
  // The store's active products with a barcode, and the distributor's active SKU of that barcode.
  const storeProducts = ctx.db
    .select()
    .from(products)
    .where(
      and(
        eq(products.orgId, ctx.org.id),
        eq(products.active, true),
        isNotNull(products.barcode),
        onlyProductId ? eq(products.id, onlyProductId) : undefined,
      ),
    )
    .all();
  if (storeProducts.length === 0) return [];
  const skus = ctx.db
    .select({
      id: products.id,
      barcode: products.barcode,
      packSize: products.packSize,
      packUnit: products.packUnit,
      minOrderPacks: catalogItems.minOrderPacks,
      casePriceFen: catalogItems.casePriceFen,
    })
    .from(catalogItems)
    .innerJoin(products, eq(products.id, catalogItems.productId))
    .where(
      and(
        eq(catalogItems.orgId, distributorOrgId),
        eq(products.orgId, distributorOrgId),
        eq(products.active, true),
        inArray(
          products.barcode,
          storeProducts.map((p) => p.barcode!),
        ),
      ),
    )
    .all();
  const skuByBarcode = new Map(skus.map((s) => [s.barcode!, s]));
  const pairs = storeProducts.flatMap((p) => {
    const sku = skuByBarcode.get(p.barcode!);
    return sku ? [{ product: p, sku }] : [];
  });
  if (pairs.length === 0) return [];
  const ids = pairs.map((x) => x.product.id);
  const listed = listPrices(
    ctx,
    link,
    pairs.map((x) => x.sku.id),
  );

  const today = shanghaiDate(now);
  const since = addDays(today, -HISTORY_DAYS);
  const { byProduct: sold, firstDay: storeFirstSale } = salesByProduct(ctx, ids, since, today);
  // Only a product created within the window can have history older than its row.
  const firstMoved = firstMovementDays(
    ctx,
    pairs.filter((x) => shanghaiDate(x.product.createdAt) > since).map((x) => x.product.id),
  );
  const incoming = incomingUnits(
    ctx,
    pairs.map((x) => ({ id: x.product.id, barcode: x.product.barcode! })),
  );
  const coverDays = delivery.leadDays + delivery.reviewDays;
  const quarantined = quarantinedUnits(ctx);
  const windowDays: string[] = [];
  for (let d = since; d < today; d = addDays(d, 1)) windowDays.push(d);

  const result = pairs.map(({ product, sku }): Suggestion => {
    const days = sold.get(product.id) ?? new Map<string, number>();
    // History starts when the product came to the shop: its creation, first stock movement or
    // first sale, whichever was earliest (imported or backdated products have old movements).
    const came = [shanghaiDate(product.createdAt), [...days.keys()].sort()[0], firstMoved.get(product.id)]
      .filter(Boolean)
      .sort()[0]!;
    // Nor is a day before the shop recorded its first sale here (any product) a day of no demand:
    // stock received (or imported) before it began selling through the app did not sit unsold.
    // Counting those days halved the rate of the demo's goods (0.5 a day for 26 sold in 28 days).
    const start = [since, came, storeFirstSale ?? since].sort().at(-1)!;
    const series = windowDays.slice(daysBetween(since, start)).map((d) => days.get(d) ?? 0);
    const base = {
      // Recalled units kept apart are not stock to sell (decision 041): the order makes up for them.
      onHand: availableUnits(product.onHand, product.id, quarantined),
      incoming: incoming.get(product.id) ?? 0,
      packSize: sku.packSize,
      minOrderPacks: sku.minOrderPacks,
    };
    const isNew = series.length < NEW_PRODUCT_DAYS;
    const plan: Plan = isNew
      ? planNewProduct({ ...base, lastReceiptUnits: lastReceiptUnits(ctx, product.id) })
      : planRestock({ ...base, series, coverDays });
    return {
      productId: product.id,
      skuId: sku.id,
      name: product.name,
      baseUnit: product.baseUnit,
      packUnit: sku.packUnit,
      packSize: sku.packSize,
      minOrderPacks: sku.minOrderPacks,
      casePriceFen: listed.get(sku.id) ?? sku.casePriceFen,
      method: isNew ? "new" : plan.method,
      ratePerDay: plan.ratePerDay,
      onHand: base.onHand,
      incoming: base.incoming,
      targetUnits: plan.targetUnits,
      packs: plan.packs,
      why: explain(ctx, {
        isNew,
        plan,
        product,
        incoming: base.incoming,
        delivery,
        packSize: sku.packSize,
        packUnit: sku.packUnit,
      }),
    };
  });
  // Most urgent first: what is needed, by how few days the shelf lasts (empty shelves: the
  // fastest seller first); then the rest by name.
  const lasts = (s: Suggestion) => (s.ratePerDay > 0 ? (Math.max(s.onHand, 0) + s.incoming) / s.ratePerDay : Infinity);
  return result.sort(
    (a, b) =>
      Number(b.packs > 0) - Number(a.packs > 0) ||
      lasts(a) - lasts(b) ||
      b.ratePerDay - a.ratePerDay ||
      byName.compare(a.name, b.name),
  );
}
