import { and, eq, inArray } from "drizzle-orm";
import { catalogItems, products } from "@db/schema";
import type { Ctx } from "../context.server";
import { addDays, shanghaiDate } from "../dates";
import { cutoffFor, isoWeekday, parseWeekdays, type RouteSchedule } from "../distribution/delivery-dates";
import { activeLinkForStore, casePriceFor, linksOfStore } from "../distribution/links.server";
import { packsOf } from "../distribution/list-catalog.server";
import { storeCatalog, type StoreCatalogItem } from "../distribution/store-catalog.server";
import { looksLikeBarcode } from "../inventory/barcode";
import { cartFromEntries, changeQty, type CartLine } from "../sales/cart";
import { repeatOrder } from "./repeat-order.server";

/** The SKUs in the cart, at the store's price now (they may be off the catalog page shown). */
function cartItems(ctx: Ctx, distributorOrgId: string, ids: string[]): StoreCatalogItem[] {
  if (ids.length === 0) return [];
  const link = activeLinkForStore(ctx.db, ctx, distributorOrgId);
  return ctx.db
    .select({ product: products, item: catalogItems })
    .from(products)
    .innerJoin(catalogItems, eq(catalogItems.productId, products.id))
    .where(
      and(
        inArray(products.id, ids),
        eq(products.orgId, link.distributorOrgId),
        eq(catalogItems.orgId, link.distributorOrgId),
        eq(products.active, true),
      ),
    )
    .all()
    .map(({ product: p, item }) => ({
      productId: p.id,
      name: p.name,
      barcode: p.barcode,
      category: p.category,
      baseUnit: p.baseUnit,
      packUnit: p.packUnit,
      packSize: p.packSize,
      casePriceFen: casePriceFor(ctx.db, link, p.id)!,
      minOrderPacks: item.minOrderPacks,
      availablePacks: packsOf(p.onHand - item.reserved, p.packSize),
    }));
}

/**
 * A delivery day of the route that is still ahead but whose ordering has closed: the cart warns
 * "ordering for Tuesday closed at 18:00 yesterday, this goes on Friday" before the store submits.
 */
export function missedDelivery(route: RouteSchedule, nextDate: string, now: number) {
  const days = parseWeekdays(route.weekdays);
  for (let date = shanghaiDate(now); date < nextDate; date = addDays(date, 1)) {
    if (days.includes(isoWeekday(date))) return { deliveryDate: date, cutoffAt: cutoffFor(route, date) };
  }
  return null;
}

/**
 * The restock cart from its query string alone, as the sell page does (decision 010): the cart
 * travels in the form as `line.<skuId>` = packs. A tapped add starts a line at the SKU's
 * minimum; a scanned barcode adds its SKU at once; a past order can be repeated into it.
 */
export function restockScreen(ctx: Ctx, params: URLSearchParams) {
  const now = ctx.clock.now();
  const distributors = linksOfStore(ctx)
    .filter((l) => l.link.status === "active")
    .map((l) => ({ id: l.link.distributorOrgId, name: l.distributorName }));
  let distributorOrgId =
    params.get("d") || params.get("distributorOrgId") || (distributors.length === 1 ? distributors[0].id : null);
  let lines: CartLine[] = params.has("clear") ? [] : cartFromEntries(params.entries());
  let repeated: { orderId: string; dropped: string[] } | null = null;
  const repeatId = params.get("repeat");
  if (repeatId) {
    const r = repeatOrder(ctx, repeatId);
    distributorOrgId = r.distributorOrgId;
    lines = r.lines;
    repeated = { orderId: repeatId, dropped: r.dropped };
  }
  if (!distributorOrgId)
    return {
      distributors,
      distributorOrgId: null,
      catalog: null,
      lines: [],
      items: [],
      q: "",
      scanned: null,
      missed: null,
      repeated,
    };

  let q = (params.get("q") ?? "").trim().slice(0, 60);
  let catalog = storeCatalog(ctx, distributorOrgId, { q, limit: 60 });
  let scanned: string | null = null;
  let added = params.get("add");
  if (q && looksLikeBarcode(q) && catalog.items.length === 1) {
    added = catalog.items[0].productId;
    scanned = added;
    q = "";
    catalog = storeCatalog(ctx, distributorOrgId, { limit: 60 });
  }
  if (added) lines = changeQty(lines, added, 1);
  for (const [intent, delta] of [
    ["inc", 1],
    ["dec", -1],
  ] as const) {
    const id = params.get(intent);
    if (id) lines = changeQty(lines, id, delta);
  }
  const inCart = cartItems(
    ctx,
    distributorOrgId,
    lines.map((l) => l.productId),
  );
  const byId = new Map(inCart.map((i) => [i.productId, i]));
  // A SKU that left the catalog quietly leaves the cart; a new line starts at the minimum order.
  lines = lines
    .filter((l) => byId.has(l.productId))
    .map((l) => (l.productId === added ? { ...l, qty: Math.max(l.qty, byId.get(l.productId)!.minOrderPacks) } : l));
  const next = catalog.next;
  return {
    distributors,
    distributorOrgId,
    catalog,
    lines,
    items: inCart,
    q,
    scanned,
    missed: next && catalog.route ? missedDelivery(catalog.route, next.deliveryDate, now) : null,
    repeated,
  };
}
