import { z } from "zod";
import { checkbox, intField, moneyField, optionalText, text } from "../fields.server";
import { normaliseBarcode } from "./barcode";

export const barcodeField = () =>
  z
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
    });

/** The fields a person edits on a product; stock and average cost are never edited directly. */
export const productSchema = z.object({
  name: text(60),
  barcode: barcodeField(),
  category: optionalText(20).transform((v) => v ?? ""),
  baseUnit: text(6),
  packUnit: optionalText(6),
  packSize: intField({ min: 1, max: 10_000 }),
  priceFen: moneyField(),
  reorderPoint: intField({ min: 0, max: 1_000_000 }),
  active: checkbox(),
});
export type ProductInput = z.infer<typeof productSchema>;
