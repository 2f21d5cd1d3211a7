import { and, desc, eq, isNull } from "drizzle-orm";
import { aggregateConsents, countyPublications, publicationStores } from "@db/schema";
import { inTransaction, type Ctx } from "../context.server";
import { shanghaiDate } from "../dates";
import { Conflict } from "../errors";
import { newId } from "../ids.server";
import { requirePermission } from "../permission-check.server";
import { addMonths, monthOfDay } from "./months";

// A store (or distributor) consents to its figures being counted in the county's aggregates.
// The consent counts from the next month; a withdrawal from the month it is made (not yet
// published): published months are frozen and keep the store's data, and the store can see
// which those are.

export type ConsentStatus = {
  consenting: boolean;
  givenAt: number | null;
  fromMonth: string | null;
  history: { givenAt: number; fromMonth: string; withdrawnAt: number | null; untilMonth: string | null }[];
  publishedWithMyData: string[];
};

export function consentStatus(ctx: Ctx): ConsentStatus {
  requirePermission(ctx, "consent.view");
  const history = ctx.db
    .select({
      givenAt: aggregateConsents.givenAt,
      fromMonth: aggregateConsents.fromMonth,
      withdrawnAt: aggregateConsents.withdrawnAt,
      untilMonth: aggregateConsents.untilMonth,
    })
    .from(aggregateConsents)
    .where(eq(aggregateConsents.orgId, ctx.org.id))
    .orderBy(desc(aggregateConsents.givenAt))
    .all();
  const open = history.find((h) => h.withdrawnAt === null) ?? null;
  const publishedWithMyData = ctx.db
    .select({ month: publicationStores.month })
    .from(publicationStores)
    .innerJoin(
      countyPublications,
      and(
        eq(countyPublications.countyCode, publicationStores.countyCode),
        eq(countyPublications.month, publicationStores.month),
      ),
    )
    .where(eq(publicationStores.orgId, ctx.org.id))
    .orderBy(desc(publicationStores.month))
    .all()
    .map((r) => r.month);
  return {
    consenting: open !== null,
    givenAt: open?.givenAt ?? null,
    fromMonth: open?.fromMonth ?? null,
    history,
    publishedWithMyData,
  };
}

export function giveConsent(ctx: Ctx): { fromMonth: string } {
  requirePermission(ctx, "consent.give");
  return inTransaction(ctx.db, (tx) => {
    const open = tx
      .select({ id: aggregateConsents.id, fromMonth: aggregateConsents.fromMonth })
      .from(aggregateConsents)
      .where(and(eq(aggregateConsents.orgId, ctx.org.id), isNull(aggregateConsents.withdrawnAt)))
      .get();
    if (open) return { fromMonth: open.fromMonth }; // given already: a retry changes nothing
    const now = ctx.clock.now();
    const fromMonth = addMonths(monthOfDay(shanghaiDate(now)), 1);
    tx.insert(aggregateConsents)
      .values({ id: newId(), orgId: ctx.org.id, givenAt: now, givenBy: ctx.actor.id, fromMonth })
      .run();
    return { fromMonth };
  });
}

export function withdrawConsent(ctx: Ctx): { untilMonth: string } {
  requirePermission(ctx, "consent.withdraw");
  return inTransaction(ctx.db, (tx) => {
    const open = tx
      .select({ id: aggregateConsents.id })
      .from(aggregateConsents)
      .where(and(eq(aggregateConsents.orgId, ctx.org.id), isNull(aggregateConsents.withdrawnAt)))
      .get();
    if (!open) throw new Conflict("county.consent.notGiven");
    const now = ctx.clock.now();
    const untilMonth = monthOfDay(shanghaiDate(now));
    tx.update(aggregateConsents)
      .set({ withdrawnAt: now, withdrawnBy: ctx.actor.id, untilMonth })
      .where(eq(aggregateConsents.id, open.id))
      .run();
    return { untilMonth };
  });
}
