import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@db/client";
import { CERTIFICATE_KINDS } from "@db/schema/alliance-enums";
import { supplierCertificates, supplierProducts, suppliers } from "@db/schema";
import { addDays, isValidDate, shanghaiDate } from "../dates";
import { inTransaction, type Ctx } from "../context.server";
import { Invalid, NotFound } from "../errors";
import { intField, optionalText, requestIdField, text } from "../fields.server";
import { newId } from "../ids.server";
import { once } from "../idempotency.server";
import { requirePermission } from "../permission-check.server";
import { barcodeField } from "../inventory/product-fields.server";

export const supplierSchema = z.object({
  requestId: requestIdField(),
  name: text(60),
  contactName: optionalText(30),
  contactPhone: optionalText(30),
  licenceNo: optionalText(40),
  address: optionalText(100),
});
export type SupplierInput = z.output<typeof supplierSchema>;

const optionalDate = () =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => v || null)
    .refine((v) => v === null || isValidDate(v), "validation.date");

export const certificateSchema = z.object({
  requestId: requestIdField(),
  kind: z.enum(CERTIFICATE_KINDS, { error: "validation.invalid" }),
  title: text(60),
  number: optionalText(60),
  validFrom: optionalDate(),
  validUntil: optionalDate(),
});
export type CertificateInput = z.output<typeof certificateSchema>;

export const supplierProductSchema = z.object({
  requestId: requestIdField(),
  name: text(60),
  barcode: barcodeField(),
  spec: optionalText(30),
  baseUnit: text(6),
  packUnit: text(6),
  packSize: intField({ min: 1, max: 10_000 }),
});
export type SupplierProductInput = z.output<typeof supplierProductSchema>;

/** Certificates that lapse within this many days are flagged so the coordinator asks for new ones. */
export const EXPIRING_SOON_DAYS = 30;

export type CertificateState = "valid" | "expiring" | "expired" | "undated";

export function certificateState(validUntil: string | null, today: string): CertificateState {
  if (!validUntil) return "undated";
  if (validUntil < today) return "expired";
  return validUntil <= addDays(today, EXPIRING_SOON_DAYS) ? "expiring" : "valid";
}

export function createSupplier(ctx: Ctx, input: SupplierInput): { supplierId: string } {
  requirePermission(ctx, "supplier.save");
  const now = ctx.clock.now();
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, `supplier:${input.requestId}`, "supplier.create", () => {
      const { requestId: _, ...fields } = input;
      const id = newId();
      tx.insert(suppliers)
        .values({ id, orgId: ctx.org.id, ...fields, createdAt: now })
        .run();
      return { supplierId: id };
    }),
  );
}

export function updateSupplier(ctx: Ctx, supplierId: string, input: SupplierInput) {
  requirePermission(ctx, "supplier.save");
  return inTransaction(ctx.db, (tx) => {
    const { requestId: _, ...fields } = input;
    const changed = tx
      .update(suppliers)
      .set(fields)
      .where(and(eq(suppliers.id, supplierId), eq(suppliers.orgId, ctx.org.id)))
      .run();
    if (changed.changes !== 1) throw new NotFound();
    return { supplierId };
  });
}

function assertSupplier(db: Db | Parameters<Parameters<Db["transaction"]>[0]>[0], ctx: Ctx, supplierId: string) {
  const row = db
    .select()
    .from(suppliers)
    .where(and(eq(suppliers.id, supplierId), eq(suppliers.orgId, ctx.org.id)))
    .get();
  if (!row) throw new NotFound();
  return row;
}

export function addCertificate(ctx: Ctx, supplierId: string, input: CertificateInput) {
  requirePermission(ctx, "supplier.save");
  const now = ctx.clock.now();
  if (input.validFrom && input.validUntil && input.validUntil < input.validFrom) {
    throw new Invalid("alliance.supplier.certDates", {}, { validUntil: "alliance.supplier.certDates" });
  }
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, `certificate:${input.requestId}`, "supplier.certificate", () => {
      assertSupplier(tx, ctx, supplierId);
      const { requestId: _, ...fields } = input;
      const id = newId();
      tx.insert(supplierCertificates)
        .values({ id, orgId: ctx.org.id, supplierId, ...fields, createdAt: now })
        .run();
      return { certificateId: id };
    }),
  );
}

export function addSupplierProduct(ctx: Ctx, supplierId: string, input: SupplierProductInput) {
  requirePermission(ctx, "supplier.save");
  const now = ctx.clock.now();
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, `supplier-product:${input.requestId}`, "supplier.product", () => {
      assertSupplier(tx, ctx, supplierId);
      const { requestId: _, ...fields } = input;
      const id = newId();
      tx.insert(supplierProducts)
        .values({ id, orgId: ctx.org.id, supplierId, ...fields, createdAt: now })
        .run();
      return { productId: id };
    }),
  );
}

export function listSuppliers(ctx: Ctx) {
  const today = shanghaiDate(ctx.clock.now());
  const rows = ctx.db
    .select()
    .from(suppliers)
    .where(eq(suppliers.orgId, ctx.org.id))
    .orderBy(asc(suppliers.name))
    .all();
  const certs = ctx.db
    .select({ supplierId: supplierCertificates.supplierId, validUntil: supplierCertificates.validUntil })
    .from(supplierCertificates)
    .where(eq(supplierCertificates.orgId, ctx.org.id))
    .all();
  return rows.map((s) => {
    const states = certs.filter((c) => c.supplierId === s.id).map((c) => certificateState(c.validUntil, today));
    return {
      ...s,
      certificates: states.length,
      expired: states.filter((x) => x === "expired").length,
      expiring: states.filter((x) => x === "expiring").length,
    };
  });
}

export function getSupplier(ctx: Ctx, supplierId: string) {
  const today = shanghaiDate(ctx.clock.now());
  const supplier = assertSupplier(ctx.db, ctx, supplierId);
  const certificates = ctx.db
    .select()
    .from(supplierCertificates)
    .where(and(eq(supplierCertificates.orgId, ctx.org.id), eq(supplierCertificates.supplierId, supplierId)))
    .orderBy(asc(supplierCertificates.validUntil))
    .all()
    .map((c) => ({ ...c, state: certificateState(c.validUntil, today) }));
  const productsList = ctx.db
    .select()
    .from(supplierProducts)
    .where(and(eq(supplierProducts.orgId, ctx.org.id), eq(supplierProducts.supplierId, supplierId)))
    .orderBy(asc(supplierProducts.name))
    .all();
  return { supplier, certificates, products: productsList };
}

/** Every supplier product of the alliance, for the campaign form's select. */
export function supplierProductOptions(ctx: Ctx) {
  return ctx.db
    .select({
      id: supplierProducts.id,
      name: supplierProducts.name,
      supplierName: suppliers.name,
      packSize: supplierProducts.packSize,
      packUnit: supplierProducts.packUnit,
      baseUnit: supplierProducts.baseUnit,
      barcode: supplierProducts.barcode,
    })
    .from(supplierProducts)
    .innerJoin(suppliers, eq(suppliers.id, supplierProducts.supplierId))
    .where(and(eq(supplierProducts.orgId, ctx.org.id), eq(suppliers.orgId, ctx.org.id)))
    .orderBy(asc(suppliers.name), asc(supplierProducts.name))
    .all();
}
