import { z } from "zod";
import { isValidDate } from "../dates";
import { requestIdField } from "../fields.server";
import { MAX_PACKS } from "./cart-form.server";

const LINE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const FIELDS = ["received", "damaged", "batch", "expiry"] as const;

export const receiveLineSchema = z.object({
  lineId: z.string().regex(LINE_ID),
  receivedPacks: z.number().int().min(0).max(MAX_PACKS),
  damagedPacks: z.number().int().min(0).max(MAX_PACKS).default(0),
  batchNo: z.string().trim().max(40).default(""),
  expiryDate: z
    .string()
    .trim()
    .default("")
    .refine((v) => v === "" || isValidDate(v), "validation.date"),
});

export const receiveOrderSchema = z.object({
  requestId: requestIdField(),
  lines: z.array(receiveLineSchema).min(1).max(200),
});
export type ReceiveOrderInput = z.input<typeof receiveOrderSchema>;

const count = (v: unknown, c: z.RefinementCtx, path: string, required: boolean): number | undefined => {
  const s = typeof v === "string" ? v.trim() : "";
  if (s === "" && !required) return undefined;
  if (!/^\d{1,4}$/.test(s)) {
    c.addIssue({ code: "custom", message: s === "" ? "validation.required" : "restock.packsCount", path: [path] });
    return undefined;
  }
  return Number(s);
};

/** The receipt form: per order line `received.<lineId>`, `damaged.<lineId>`, `batch.<lineId>`, `expiry.<lineId>`. */
export const receiveOrderFormSchema = z
  .record(z.string(), z.unknown())
  .transform((raw, c): unknown => {
    const ids = new Set<string>();
    for (const key of Object.keys(raw)) {
      const [field, id] = [key.slice(0, key.indexOf(".")), key.slice(key.indexOf(".") + 1)];
      if ((FIELDS as readonly string[]).includes(field) && LINE_ID.test(id)) ids.add(id);
    }
    const lines = [...ids].map((id) => ({
      lineId: id,
      receivedPacks: count(raw[`received.${id}`], c, `received.${id}`, true) ?? 0,
      damagedPacks: count(raw[`damaged.${id}`], c, `damaged.${id}`, false),
      batchNo: typeof raw[`batch.${id}`] === "string" ? raw[`batch.${id}`] : undefined,
      expiryDate: typeof raw[`expiry.${id}`] === "string" ? raw[`expiry.${id}`] : undefined,
    }));
    return { requestId: raw.requestId, lines };
  })
  .pipe(receiveOrderSchema);
