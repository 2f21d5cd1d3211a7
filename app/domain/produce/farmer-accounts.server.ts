import { and, asc, desc, eq, sql } from "drizzle-orm";
import { customers, farmerEntries, farmers, producePurchases } from "@db/schema";
import type { Ctx, WriteTx } from "../context.server";
import { balanceOf } from "../credit/ledger.server";
import { NotFound } from "../errors";

type Reader = Ctx["db"] | WriteTx;

/** The store's farmer, or NotFound: another store's farmer id reads as missing. */
export function farmerOf(db: Reader, ctx: Ctx, farmerId: string) {
  const farmer = db
    .select()
    .from(farmers)
    .where(and(eq(farmers.id, farmerId), eq(farmers.orgId, ctx.org.id)))
    .get();
  if (!farmer) throw new NotFound("produce.farmerNotFound");
  return farmer;
}

/** What the store owes the farmer now: purchases on account less payments and nettings. */
export function owedToFarmer(db: Reader, ctx: Ctx, farmerId: string): number {
  return (
    db
      .select({ owed: sql<number>`coalesce(sum(${farmerEntries.amountFen}), 0)` })
      .from(farmerEntries)
      .where(and(eq(farmerEntries.orgId, ctx.org.id), eq(farmerEntries.farmerId, farmerId)))
      .get()?.owed ?? 0
  );
}

/**
 * The farmer's own 赊账 at this store: the credit-book customer with the farmer's mobile. A
 * shopkeeper books a credit customer by name and (optionally) phone; the phone is what ties the
 * two accounts, so a namesake is never netted by mistake.
 */
export function creditSideOf(db: Reader, ctx: Ctx, mobile: string) {
  const customer = db
    .select({ id: customers.id, name: customers.name })
    .from(customers)
    .where(and(eq(customers.orgId, ctx.org.id), eq(customers.phone, mobile)))
    .orderBy(asc(customers.createdAt))
    .get();
  if (!customer) return null;
  return { ...customer, balanceFen: balanceOf(db, ctx, customer.id) };
}

/** The farmer's page: both sides of the account and what netting would settle. */
export function getFarmerAccount(ctx: Ctx, farmerId: string) {
  const farmer = farmerOf(ctx.db, ctx, farmerId);
  const owedFen = owedToFarmer(ctx.db, ctx, farmer.id);
  const credit = creditSideOf(ctx.db, ctx, farmer.mobile);
  const entries = ctx.db
    .select()
    .from(farmerEntries)
    .where(and(eq(farmerEntries.orgId, ctx.org.id), eq(farmerEntries.farmerId, farmer.id)))
    .orderBy(desc(farmerEntries.createdAt), desc(sql`rowid`))
    .all();
  const purchases = ctx.db
    .select()
    .from(producePurchases)
    .where(and(eq(producePurchases.orgId, ctx.org.id), eq(producePurchases.farmerId, farmer.id)))
    .orderBy(desc(producePurchases.createdAt))
    .all();
  const nettableFen = credit ? Math.max(0, Math.min(owedFen, credit.balanceFen)) : 0;
  return { farmer, owedFen, credit, nettableFen, entries, purchases };
}

/** Every farmer of the store with what the store owes each. */
export function listFarmers(ctx: Ctx) {
  return ctx.db
    .select({
      id: farmers.id,
      name: farmers.name,
      village: farmers.village,
      mobile: farmers.mobile,
      // Written out in full: drizzle leaves a lone table's columns unqualified, and inside this
      // subquery "id" would be the entry's own id.
      owedFen: sql<number>`coalesce((select sum(e.amount_fen) from farmer_entries e where e.org_id = farmers.org_id and e.farmer_id = farmers.id), 0)`,
    })
    .from(farmers)
    .where(eq(farmers.orgId, ctx.org.id))
    .orderBy(asc(farmers.name))
    .all();
}
