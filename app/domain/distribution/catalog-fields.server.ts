import { z } from "zod";
import { checkbox, intField, moneyField, optionalIntField, optionalText, text } from "../fields.server";
import { normaliseBarcode } from "../inventory/barcode";

/**
 * A wholesale SKU always has a barcode: the store's receipt books delivered goods into its own
 * product with the same barcode, so a SKU without one could not be traced onto a village shelf.
 */
export const requiredBarcodeField = () =>
  z
    .string({ error: "validation.required" })
    .trim()
    .min(1, "validation.required")
    .transform((v, c) => {
      const code = normaliseBarcode(v);
      if (!code) {
        c.addIssue({ code: "custom", message: "product.barcodeInvalid" });
        return z.NEVER;
      }
      return code;
    });

export const MAX_PACK_SIZE = 10_000;

/** What a distributor edits on a SKU. Stock and reservations never come from a form. */
export const catalogItemSchema = z.object({
  name: text(60),
  barcode: requiredBarcodeField(),
  category: optionalText(20).transform((v) => v ?? ""),
  baseUnit: text(6),
  packUnit: text(6),
  packSize: intField({ min: 1, max: MAX_PACK_SIZE }),
  casePriceFen: moneyField().refine((v) => v > 0, "validation.positive"),
  minOrderPacks: intField({ min: 1, max: 10_000 }),
  shelfLocation: optionalText(20).transform((v) => v ?? ""),
  // In packs: a warehouse thinks in cases; stored as base units like every other quantity.
  reorderPacks: optionalIntField({ min: 0, max: 100_000 }).transform((v) => v ?? 0),
  active: checkbox(),
});
export type CatalogItemInput = z.infer<typeof catalogItemSchema>;
