import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { customers } from "@db/schema";
import { inTransaction, type Ctx, type WriteTx } from "../context.server";
import { NotFound } from "../errors";
import { optionalText, requestIdField, text } from "../fields.server";
import { newId } from "../ids.server";
import { once } from "../idempotency.server";
import { requirePermission } from "../permission-check.server";
import { preparedFor } from "../prepared.server";

const phoneField = () => optionalText(20).refine((v) => v === null || /^1\d{10}$/.test(v), "credit.phoneInvalid");

export const createCustomerSchema = z.object({
  requestId: requestIdField(),
  name: text(40),
  phone: phoneField(),
});
export type CreateCustomerInput = z.infer<typeof createCustomerSchema>;

export function createCustomer(ctx: Ctx, input: CreateCustomerInput): { customerId: string } {
  requirePermission(ctx, "customer.save");
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, input.requestId, "credit.createCustomer", () => ({
      customerId: insertCustomer(tx, ctx, input.name, input.phone),
    })),
  );
}

function insertCustomer(tx: WriteTx, ctx: Ctx, name: string, phone: string | null): string {
  const id = newId();
  tx.insert(customers).values({ id, orgId: ctx.org.id, name, phone, createdAt: ctx.clock.now() }).run();
  return id;
}

/** The org's customer, or NotFound: the one place a customer id from outside is trusted. */
export function customerForUpdate(tx: Pick<WriteTx, "select">, ctx: Ctx, customerId: string) {
  const customer = tx
    .select()
    .from(customers)
    .where(and(eq(customers.id, customerId), eq(customers.orgId, ctx.org.id)))
    .get();
  if (!customer) throw new NotFound("credit.customerNotFound");
  return customer;
}

/**
 * The account a credit sale goes on: a chosen customer, or one named at the counter. A name
 * the store already has is that customer (a shopkeeper types 王婶 the same way each time).
 */
export function customerForSale(tx: WriteTx, ctx: Ctx, pick: { customerId?: string; customerName?: string }): string {
  if (pick.customerId) return customerForUpdate(tx, ctx, pick.customerId).id;
  const name = (pick.customerName ?? "").trim();
  const existing = tx
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.orgId, ctx.org.id), eq(customers.name, name)))
    .orderBy(asc(customers.createdAt))
    .get();
  return existing?.id ?? insertCustomer(tx, ctx, name, null);
}

/** Names to pick from at the counter. */
// The sell page asks on every render: prepared once per database (decision 033).
const customerOptions = preparedFor((db) =>
  db
    .select({ id: customers.id, name: customers.name })
    .from(customers)
    .where(eq(customers.orgId, sql.placeholder("orgId")))
    .orderBy(asc(customers.name))
    .limit(500)
    .prepare(),
);

export function listCustomerOptions(ctx: Ctx): { id: string; name: string }[] {
  return customerOptions(ctx.db).all({ orgId: ctx.org.id });
}
