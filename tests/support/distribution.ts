import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { organisations, type Role } from "../../db/schema";
import type { Ctx } from "../../app/domain/context.server";
import { newId } from "../../app/domain/ids.server";
import type { CatalogItemInput } from "../../app/domain/distribution/catalog-fields.server";
import { acceptLink } from "../../app/domain/distribution/decide-link.server";
import { requestLink } from "../../app/domain/distribution/request-link.server";
import { createCatalogItem } from "../../app/domain/distribution/save-catalog-item.server";
import { createRoute, type RouteInput } from "../../app/domain/distribution/save-route.server";
import { addMember, makeOrg, makeUser, uniqueBarcode } from "./factories";
import { pinnedClock } from "./clock";

/** A distributor organisation (same county as makeStore's stores) with a member, and that member's ctx. */
export async function makeDistributor(db: Db, { role = "admin" as Role, countyCode = "410225" } = {}) {
  const user = await makeUser(db);
  const org = makeOrg(db, "distributor");
  if (countyCode !== "410225") db.update(organisations).set({ countyCode }).where(eq(organisations.id, org.id)).run();
  addMember(db, org.id, user.id, role);
  const ctx: Ctx = {
    db,
    actor: { kind: "person", id: user.id, name: user.name, phone: user.phone },
    org,
    role,
    locale: "zh-CN",
    clock: pinnedClock(),
  };
  return { user, org, ctx };
}

/** Another member of an existing organisation, with their ctx. */
export async function addStaff(db: Db, org: Ctx["org"], role: Role) {
  const user = await makeUser(db);
  addMember(db, org.id, user.id, role);
  const ctx: Ctx = {
    db,
    actor: { kind: "person", id: user.id, name: user.name, phone: user.phone },
    org,
    role,
    locale: "zh-CN",
    clock: pinnedClock(),
  };
  return { user, ctx };
}

export function makeSku(ctx: Ctx, overrides: Partial<CatalogItemInput> = {}) {
  const input: CatalogItemInput = {
    name: "康师傅红烧牛肉面 105g",
    barcode: uniqueBarcode(),
    category: "方便食品",
    baseUnit: "袋",
    packUnit: "箱",
    packSize: 24,
    casePriceFen: 8600,
    minOrderPacks: 1,
    shelfLocation: "A-01-01",
    reorderPacks: 2,
    active: true,
    ...overrides,
  };
  const { id } = createCatalogItem(ctx, { ...input, requestId: newId() });
  return { id, ...input };
}

/** Tuesdays and Fridays, cut-off 18:00 the day before: a typical county van. */
export function makeRoute(ctx: Ctx, overrides: Partial<RouteInput> = {}) {
  return createRoute(ctx, {
    requestId: newId(),
    name: "东线",
    areas: "东坝头镇、爪营乡",
    weekdays: "2,5",
    cutoffTime: "18:00",
    cutoffDaysBefore: 1,
    active: true,
    ...overrides,
  });
}

/** Store asks, distributor accepts on the given route (and list): an active link. */
export function linkStore(
  storeCtx: Ctx,
  distributorCtx: Ctx,
  terms: { routeId: string; priceListId?: string | null; paymentTerms?: "cod" | "account"; creditLimitFen?: number },
) {
  const { id } = requestLink(storeCtx, { distributorOrgId: distributorCtx.org.id, note: null });
  acceptLink(distributorCtx, id, {
    requestId: newId(),
    routeId: terms.routeId,
    priceListId: terms.priceListId ?? null,
    stopSeq: 1,
    paymentTerms: terms.paymentTerms ?? "cod",
    creditLimitFen: terms.creditLimitFen ?? 0,
  });
  return id;
}

// Confirmed orders, stocked SKUs and a whole linked route, for fulfilment and restock tests.
export { makeConfirmedOrder, makeDeliveryRoute, stockSku } from "./orders";
