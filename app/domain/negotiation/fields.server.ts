import { z } from "zod";
import { CERTIFICATE_KINDS } from "@db/schema/alliance-enums";
import { RFQ_DELIVERIES, UPLOAD_KINDS } from "@db/schema/negotiation";
import { isValidDate, shanghaiInstant } from "../dates";
import { intField, moneyField, optionalText, requestIdField, text } from "../fields.server";
import { normaliseBarcode } from "../inventory/barcode";
import { parseYuanToFen } from "../money";

// The forms of the negotiation (decision 036). Shapes and types here; the business rules (bands
// increasing, prices falling, validity past the deadline …) are the use cases', so a test or the
// seed passing typed input meets the same refusals as a form.

import { MAX_ALT_TIERS, MAX_BANDS } from "./figures";

export { MAX_ALT_TIERS, MAX_BANDS };

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)]);

/** `name0` … `nameN` (one input per row, so a 400 echoes each back), blank rows skipped by the caller. */
const rows = (raw: Record<string, unknown>, name: string, n: number) =>
  Array.from({ length: n }, (_, i) => String(raw[`${name}${i}`] ?? "").trim());

export const interestSchema = z.object({
  requestId: requestIdField(),
  allianceOrgId: text(64),
  product: text(60),
  barcode: z
    .string()
    .trim()
    .optional()
    .transform((v, c) => {
      if (!v) return null;
      const code = normaliseBarcode(v);
      if (!code) {
        c.addIssue({ code: "custom", message: "product.barcodeInvalid" });
        return z.NEVER;
      }
      return code;
    }),
  packsPerMonth: intField({ min: 1, max: 100_000 }),
  note: optionalText(200),
});
export type InterestInput = z.output<typeof interestSchema>;

export type RequestInput = {
  requestId: string;
  title: string;
  category: string;
  spec: string | null;
  baseUnit: string;
  packUnit: string;
  packSize: number;
  brands: string | null;
  barcodes: string[];
  certificatesRequired: (typeof CERTIFICATE_KINDS)[number][];
  qualityNote: string | null;
  delivery: (typeof RFQ_DELIVERIES)[number];
  deliveryNote: string | null;
  paymentTermsDays: number;
  annualRateBp: number;
  deadlineAt: number;
  bands: number[];
};

export const requestFormSchema = z
  .looseObject({
    requestId: requestIdField(),
    title: text(60),
    category: text(30),
    spec: optionalText(30),
    baseUnit: text(6),
    packUnit: text(6),
    packSize: intField({ min: 1, max: 10_000 }),
    brands: optionalText(120),
    barcodes: z
      .string()
      .max(600)
      .optional()
      .transform((v, c) => {
        const codes: string[] = [];
        for (const part of (v ?? "").split(/[\s,，;；]+/).filter(Boolean)) {
          const code = normaliseBarcode(part);
          if (!code) {
            c.addIssue({ code: "custom", message: "product.barcodeInvalid" });
            return z.NEVER;
          }
          if (!codes.includes(code)) codes.push(code);
        }
        return codes;
      }),
    certificatesRequired: z.preprocess(
      list,
      z.array(z.enum(CERTIFICATE_KINDS, { error: "validation.invalid" })).max(4),
    ),
    qualityNote: optionalText(200),
    delivery: z.enum(RFQ_DELIVERIES, { error: "validation.invalid" }),
    deliveryNote: optionalText(100),
    paymentTermsDays: intField({ min: 0, max: 180 }),
    annualRatePercent: z
      .string()
      .trim()
      .optional()
      .transform((v, c) => {
        const bp = parseYuanToFen(v || "6");
        if (bp === null || bp > 3000) {
          c.addIssue({ code: "custom", message: "negotiation.rateInvalid" });
          return z.NEVER;
        }
        return bp;
      }),
    deadlineDate: z.string({ error: "validation.required" }).trim().refine(isValidDate, "validation.date"),
    deadlineTime: z
      .string({ error: "validation.required" })
      .trim()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "alliance.campaign.timeInvalid"),
  })
  .transform((v, c): RequestInput => {
    const bands: number[] = [];
    for (const cell of rows(v, "band", MAX_BANDS)) {
      if (!cell) continue;
      if (!/^\d{1,7}$/.test(cell)) {
        c.addIssue({ code: "custom", message: "negotiation.bandInvalid", path: ["bands"] });
        return z.NEVER;
      }
      bands.push(Number(cell));
    }
    return {
      requestId: v.requestId,
      title: v.title,
      category: v.category,
      spec: v.spec,
      baseUnit: v.baseUnit,
      packUnit: v.packUnit,
      packSize: v.packSize,
      brands: v.brands,
      barcodes: v.barcodes,
      certificatesRequired: v.certificatesRequired,
      qualityNote: v.qualityNote,
      delivery: v.delivery,
      deliveryNote: v.deliveryNote,
      paymentTermsDays: v.paymentTermsDays,
      annualRateBp: v.annualRatePercent,
      deadlineAt: shanghaiInstant(v.deadlineDate, v.deadlineTime)!,
      bands,
    };
  });

export const sendSchema = z.object({
  requestId: requestIdField(),
  supplierIds: z.preprocess(
    list,
    z.array(z.string().trim().min(1).max(64)).min(1, "negotiation.pickSuppliers").max(20),
  ),
});

export const inviteSchema = z.object({ requestId: requestIdField(), supplierId: text(64) });
export const reissueSchema = z.object({ requestId: requestIdField(), invitationId: text(64) });

export type QuoteInput = {
  requestId: string;
  /** One per band of the request, in band order. */
  prices: number[];
  /** Same length as prices; null = none. */
  fallbacks: (number | null)[];
  minimumPacks: number;
  leadTimeDays: number;
  validUntil: string;
  paymentTermsDays: number;
  deliveryFen: number;
  note: string | null;
  alternative: { minPacks: number; priceFen: number }[];
};

/** The supplier's quote form: `price0…` per band, `fallback0…`, and the alternative's `altPacks0…`/`altPrice0…`. */
export const quoteFormSchema = z
  .looseObject({
    requestId: requestIdField(),
    minimumPacks: intField({ min: 1, max: 1_000_000 }),
    leadTimeDays: intField({ min: 0, max: 365 }),
    validUntil: z.string({ error: "validation.required" }).trim().refine(isValidDate, "validation.date"),
    paymentTermsDays: intField({ min: 0, max: 180 }),
    deliveryFen: moneyField(),
    note: optionalText(300),
  })
  .transform((v, c): QuoteInput => {
    const prices: number[] = [];
    const fallbacks: (number | null)[] = [];
    const priceCells = rows(v, "price", MAX_BANDS);
    const fallbackCells = rows(v, "fallback", MAX_BANDS);
    for (let i = 0; i < MAX_BANDS; i++) {
      if (!priceCells[i] && !fallbackCells[i]) continue;
      const price = parseYuanToFen(priceCells[i]);
      const fallback = fallbackCells[i] ? parseYuanToFen(fallbackCells[i]) : null;
      if (price === null || (fallbackCells[i] && fallback === null)) {
        c.addIssue({ code: "custom", message: "negotiation.priceInvalid", path: [`price${i}`] });
        return z.NEVER;
      }
      prices.push(price);
      fallbacks.push(fallback);
    }
    const alternative: QuoteInput["alternative"] = [];
    const altPacks = rows(v, "altPacks", MAX_ALT_TIERS);
    const altPrices = rows(v, "altPrice", MAX_ALT_TIERS);
    for (let i = 0; i < MAX_ALT_TIERS; i++) {
      if (!altPacks[i] && !altPrices[i]) continue;
      const fen = parseYuanToFen(altPrices[i]);
      if (!/^\d{1,7}$/.test(altPacks[i]) || fen === null) {
        c.addIssue({ code: "custom", message: "negotiation.altInvalid", path: [`altPacks${i}`] });
        return z.NEVER;
      }
      alternative.push({ minPacks: Number(altPacks[i]), priceFen: fen });
    }
    return {
      requestId: v.requestId,
      prices,
      fallbacks,
      minimumPacks: v.minimumPacks,
      leadTimeDays: v.leadTimeDays,
      validUntil: v.validUntil,
      paymentTermsDays: v.paymentTermsDays,
      deliveryFen: v.deliveryFen,
      note: v.note,
      alternative,
    };
  });

/** What a draft keeps: the fields as typed, nothing checked but their length. */
export const DRAFT_FIELDS = [
  ...Array.from({ length: MAX_BANDS }, (_, i) => [`price${i}`, `fallback${i}`]).flat(),
  ...Array.from({ length: MAX_ALT_TIERS }, (_, i) => [`altPacks${i}`, `altPrice${i}`]).flat(),
  "minimumPacks",
  "leadTimeDays",
  "validUntil",
  "paymentTermsDays",
  "deliveryFen",
  "note",
] as const;

export const draftSchema = z.looseObject({ requestId: requestIdField() }).transform((v) => {
  const draft: Record<string, string> = {};
  for (const key of DRAFT_FIELDS) {
    const value = String(v[key] ?? "").slice(0, 300);
    if (value) draft[key] = value;
  }
  return { requestId: v.requestId, draft };
});

export const counterSchema = z.object({
  requestId: requestIdField(),
  invitationIds: z.preprocess(
    list,
    z.array(z.string().trim().min(1).max(64)).min(1, "negotiation.pickSuppliers").max(20),
  ),
  message: text(300),
  answerByDate: z.string({ error: "validation.required" }).trim().refine(isValidDate, "validation.date"),
});
export type CounterInput = z.output<typeof counterSchema>;

export const awardSchema = z.object({ requestId: requestIdField(), quoteId: text(64) });

export const uploadFieldsSchema = z.object({
  requestId: requestIdField(),
  kind: z.enum(UPLOAD_KINDS, { error: "validation.invalid" }),
  certKind: z.enum(CERTIFICATE_KINDS, { error: "validation.invalid" }).optional(),
  certTitle: optionalText(60),
  certNumber: optionalText(60),
  certValidUntil: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || null)
    .refine((v) => v === null || isValidDate(v), "validation.date"),
});
export type UploadFields = z.output<typeof uploadFieldsSchema>;

const optionalDate = () =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => v || null)
    .refine((v) => v === null || isValidDate(v), "validation.date");

export const supplierDeliverySchema = z.object({
  requestId: requestIdField(),
  promisedDeliveryDate: optionalDate(),
  deliveredDate: optionalDate(),
  batchNo: optionalText(40),
  productionDate: optionalDate(),
  expiryDate: optionalDate(),
  certificateId: optionalText(64),
});
export type SupplierDeliveryInput = z.output<typeof supplierDeliverySchema>;
