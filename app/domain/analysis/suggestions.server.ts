import { and, asc, desc, eq, gte, inArray, isNotNull, lt, min } from "drizzle-orm";
import {
  catalogItems,
  priceListItems,
  products,
  restockOrderLines,
  restockOrders,
  salesDaily,
  stockMovements,
} from "@db/schema";
import "~/i18n/dictionaries.server";
import { translate, type MessageKey, type MessageParams } from "~/i18n/messages";
import type { Ctx } from "../context.server";
import { ORDER_STATUS_GROUPS } from "../machines";
import { addDays, daysBetween, shanghaiDate } from "../dates";
import { followingDelivery, nextDelivery } from "../distribution/delivery-dates";
import { linksOfStore, routeOfLink, type LinkRow } from "../distribution/links.server";
import type { ForecastMethod } from "./forecast";
import { HISTORY_DAYS, NEW_PRODUCT_DAYS, planNewProduct, planRestock, type Plan } from "./restock-policy";
import { availableUnits, quarantinedUnits } from "../recall/quarantine.server";

// Restock suggestions for a store (issue 6): sales velocity from the `sales_daily` rollup,
// protected until the delivery after next on the store's route, minus what is on the shelf and
// on the way, in the distributor's packs. Decision record 021.

/** Orders whose goods are not yet in the store's stock: they count as incoming. */
const INCOMING_STATUSES = ORDER_STATUS_GROUPS.incoming;

export type Suggestion = {
  /** The store's own product. */
  productId: string;
  /** The distributor's SKU with the same barcode: what a cart line names. */
  skuId: string;
  name: string;
  baseUnit: string;
  /** The distributor's pack unit (箱), base units per pack and minimum order in packs. */
  packUnit: string | null;
  packSize: number;
  minOrderPacks: number;
  casePriceFen: number;
  method: ForecastMethod | "new";
  ratePerDay: number;
  /** As recorded; may be negative (counted as 0). */
  onHand: number;
  /** Base units on submitted-to-delivered orders not yet received. */
  incoming: number;
  targetUnits: number;
  packs: number;
  /** One line in the user's language: why this many. */
  why: string;
};

export type SuggestionList = {
  distributors: { id: string; name: string }[];
  distributor: { id: string; name: string } | null;
  /** The delivery an order placed now goes on, the one after it, and the days to cover. */
  delivery: {
    deliveryDate: string;
    cutoffAt: number;
    followingDate: string;
    leadDays: number;
    reviewDays: number;
  } | null;
  /** Products to order first (most packs of need first), then those that need nothing. */
  suggestions: Suggestion[];
};

type Options = { distributorOrgId?: string | null };

/** Restock suggestions for the store in `ctx` from one of its active distributors (the first by default). */
export function restockSuggestions(ctx: Ctx, { distributorOrgId = null }: Options = {}): SuggestionList {
  const now = ctx.clock.now();
  const links = linksOfStore(ctx).filter((l) => l.link.status === "active");
  const distributors = links.map((l) => ({ id: l.link.distributorOrgId, name: l.distributorName }));
  const chosen = links.find((l) => l.link.distributorOrgId === distributorOrgId) ?? links[0];
  if (!chosen) return { distributors, distributor: null, delivery: null, suggestions: [] };
  const distributor = { id: chosen.link.distributorOrgId, name: chosen.distributorName };
  const delivery = deliveryWindow(ctx, chosen.link, now);
  if (!delivery) return { distributors, distributor, delivery: null, suggestions: [] };
  const suggestions = suggest(ctx, chosen.link, delivery, now, null);
  return { distributors, distributor, delivery, suggestions };
}

/**
 * The suggestion for one of the store's products, from the first active distributor that lists
 * its barcode on a route; null when no distributor lists it or none delivers.
 */
export function suggestionForProduct(ctx: Ctx, productId: string): Suggestion | null {
  const now = ctx.clock.now();
  for (const { link } of linksOfStore(ctx).filter((l) => l.link.status === "active")) {
    const delivery = deliveryWindow(ctx, link, now);
    if (!delivery) continue;
    const [found] = suggest(ctx, link, delivery, now, productId);
    if (found) return found;
  }
  return null;
}

function deliveryWindow(ctx: Ctx, link: LinkRow, now: number): SuggestionList["delivery"] {
  const route = routeOfLink(ctx.db, link);
  if (!route?.active) return null;
  const next = nextDelivery(route, now);
  if (!next) return null;
  const followingDate = followingDelivery(route, next.deliveryDate);
  if (!followingDate) return null;
  return {
    ...next,
    followingDate,
    leadDays: daysBetween(shanghaiDate(now), next.deliveryDate),
    reviewDays: daysBetween(next.deliveryDate, followingDate),
  };
}

const byName = new Intl.Collator("zh-CN");

type Delivery = NonNullable<SuggestionList["delivery"]>;

function suggest(ctx: Ctx, link: LinkRow, delivery: Delivery, now: number, onlyProductId: string | null): Suggestion[] {
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

/**
 * The store's price-list entries for these SKUs, read at once; a SKU without one costs the
 * catalog's default case price (the rule of `casePriceFor`, batched for a whole list).
 */
function listPrices(ctx: Ctx, link: LinkRow, skuIds: string[]) {
  if (!link.priceListId) return new Map<string, number>();
  const rows = ctx.db
    .select({ productId: priceListItems.productId, price: priceListItems.casePriceFen })
    .from(priceListItems)
    .where(
      and(
        eq(priceListItems.priceListId, link.priceListId),
        eq(priceListItems.orgId, link.distributorOrgId),
        inArray(priceListItems.productId, skuIds),
      ),
    )
    .all();
  return new Map(rows.map((r) => [r.productId, r.price]));
}

/** Units sold per product per day in [since, until), from the rollup. */
function salesByProduct(ctx: Ctx, ids: string[], since: string, until: string) {
  const rows = ctx.db
    .select({ productId: salesDaily.productId, day: salesDaily.day, qty: salesDaily.qty })
    .from(salesDaily)
    // The store's whole window by the (org, day) index; products not asked for are skipped here,
    // which is cheaper than a 300-id IN list.
    .where(and(eq(salesDaily.orgId, ctx.org.id), gte(salesDaily.day, since), lt(salesDaily.day, until)))
    .all();
  const wanted = new Set(ids);
  const byProduct = new Map<string, Map<string, number>>();
  let firstDay: string | null = null;
  for (const r of rows) {
    if (r.qty === 0) continue;
    if (firstDay === null || r.day < firstDay) firstDay = r.day;
    if (!wanted.has(r.productId)) continue;
    const days = byProduct.get(r.productId) ?? new Map<string, number>();
    days.set(r.day, r.qty);
    byProduct.set(r.productId, days);
  }
  return { byProduct, firstDay };
}

/**
 * Base units on the store's orders not yet received, from any distributor, matched to the store's
 * product as the receipt will match them: the line's booked product, else the barcode. A picked
 * order counts what was picked. One query; the dashboard's run-outs count the same stock.
 */
export function incomingUnits(ctx: Ctx, storeProducts: { id: string; barcode: string | null }[]) {
  const byBarcode = new Map(storeProducts.flatMap((p) => (p.barcode ? [[p.barcode, p.id] as const] : [])));
  const rows = ctx.db
    .select({
      barcode: restockOrderLines.barcode,
      storeProductId: restockOrderLines.storeProductId,
      packs: restockOrderLines.qtyPacks,
      picked: restockOrderLines.pickedPacks,
      packSize: restockOrderLines.packSize,
    })
    .from(restockOrderLines)
    .innerJoin(restockOrders, eq(restockOrders.id, restockOrderLines.orderId))
    .where(
      and(
        eq(restockOrders.storeOrgId, ctx.org.id),
        eq(restockOrderLines.storeOrgId, ctx.org.id),
        inArray(restockOrders.status, [...INCOMING_STATUSES]),
      ),
    )
    .all();
  const units = new Map<string, number>();
  for (const r of rows) {
    const id = r.storeProductId ?? (r.barcode ? byBarcode.get(r.barcode) : undefined);
    if (!id) continue;
    units.set(id, (units.get(id) ?? 0) + (r.picked ?? r.packs) * r.packSize);
  }
  return units;
}

/** The Shanghai day of each product's first stock movement. */
function firstMovementDays(ctx: Ctx, ids: string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = ctx.db
    .select({ productId: stockMovements.productId, first: min(stockMovements.createdAt) })
    .from(stockMovements)
    .where(and(eq(stockMovements.orgId, ctx.org.id), inArray(stockMovements.productId, ids)))
    .groupBy(stockMovements.productId)
    .all();
  return new Map(rows.flatMap((r) => (r.first === null ? [] : [[r.productId, shanghaiDate(r.first)] as const])));
}

function lastReceiptUnits(ctx: Ctx, productId: string): number | null {
  const row = ctx.db
    .select({ qty: stockMovements.qty })
    .from(stockMovements)
    .where(
      and(
        eq(stockMovements.orgId, ctx.org.id),
        eq(stockMovements.productId, productId),
        eq(stockMovements.kind, "receipt"),
      ),
    )
    .orderBy(desc(stockMovements.createdAt), asc(stockMovements.id))
    .limit(1)
    .get();
  return row && row.qty > 0 ? row.qty : null;
}

const weekdayFormats = new Map<string, Intl.DateTimeFormat>();
function weekday(locale: Ctx["locale"], date: string): string {
  let f = weekdayFormats.get(locale);
  if (!f) weekdayFormats.set(locale, (f = new Intl.DateTimeFormat(locale, { weekday: "short", timeZone: "UTC" })));
  return f.format(Date.parse(`${date}T00:00:00Z`));
}

function oneDecimal(n: number): string {
  return (Math.round(n * 10) / 10).toFixed(1).replace(/\.0$/, "");
}

/** "每天约卖 3.2 袋；还剩 4 袋；下次送货周五（3 天后），之后隔 4 天" from dictionary templates. */
function explain(
  ctx: Ctx,
  s: {
    isNew: boolean;
    plan: Plan;
    product: { onHand: number; baseUnit: string };
    incoming: number;
    delivery: Delivery;
    packSize: number;
    packUnit: string | null;
  },
): string {
  const t = (key: MessageKey, params?: MessageParams) => translate(ctx.locale, key, params);
  const unit = s.product.baseUnit;
  const parts: string[] = [];
  if (s.isNew) {
    parts.push(
      s.plan.targetUnits > 0
        ? t("suggestions.why.new", { qty: s.plan.targetUnits, unit })
        : t("suggestions.why.newNoReceipt"),
    );
  } else if (s.plan.method === "none") {
    parts.push(t("suggestions.why.noSales", { weeks: HISTORY_DAYS / 7 }));
  } else if (s.plan.ratePerDay >= 0.5) {
    parts.push(t("suggestions.why.perDay", { rate: oneDecimal(s.plan.ratePerDay), unit }));
  } else {
    parts.push(t("suggestions.why.perWeek", { rate: oneDecimal(s.plan.ratePerDay * 7), unit }));
  }
  parts.push(
    s.product.onHand < 0
      ? t("suggestions.why.negative", { qty: s.product.onHand, unit })
      : t("suggestions.why.onHand", { qty: s.product.onHand, unit }),
  );
  if (s.incoming > 0) parts.push(t("suggestions.why.incoming", { qty: s.incoming, unit }));
  const d = s.delivery;
  parts.push(
    d.leadDays === 0
      ? t("suggestions.why.deliveryToday", { interval: d.reviewDays })
      : t("suggestions.why.delivery", {
          day: weekday(ctx.locale, d.deliveryDate),
          days: d.leadDays,
          interval: d.reviewDays,
        }),
  );
  // A big case of a slow line: say how long it lasts, so the shopkeeper can decide to skip it.
  const lastsWeeks =
    s.plan.packs > 0 && s.plan.ratePerDay > 0 ? (s.plan.packs * s.packSize) / s.plan.ratePerDay / 7 : 0;
  if (lastsWeeks >= 4)
    parts.push(
      t("suggestions.why.lasts", { packs: s.plan.packs, unit: s.packUnit ?? unit, weeks: Math.round(lastsWeeks) }),
    );
  return parts.join(t("suggestions.why.separator"));
}
