import { z } from "zod";
import { PAYMENT_TERMS } from "@db/schema";
import type { Ctx, WriteTx } from "../context.server";
import { intField, moneyField } from "../fields.server";
import { priceListOf } from "./price-lists.server";
import { routeOf } from "./save-route.server";

/** What a distributor sets for a store it serves: which prices, which van, which stop, how it pays. */
export const linkTermsSchema = z
  .object({
    // Empty: the default prices.
    priceListId: z
      .string()
      .max(64)
      .optional()
      .transform((v) => v || null),
    routeId: z.string({ error: "link.routeRequired" }).min(1, "link.routeRequired").max(64),
    stopSeq: intField({ min: 0, max: 999 }),
    paymentTerms: z.enum(PAYMENT_TERMS, { error: "validation.required" }),
    // Yuan typed by a person; only meaningful on account.
    creditLimitFen: z.preprocess(
      (v) => (v === undefined || (typeof v === "string" && v.trim() === "") ? "0" : v),
      moneyField(),
    ),
  })
  .transform((t) => ({ ...t, creditLimitFen: t.paymentTerms === "account" ? t.creditLimitFen : 0 }))
  .refine((t) => t.paymentTerms !== "account" || t.creditLimitFen > 0, {
    message: "link.creditLimitRequired",
    path: ["creditLimitFen"],
  });
export type LinkTerms = z.infer<typeof linkTermsSchema>;

/** The list and route named by a form must be this distributor's own (another's is NotFound). */
export function checkedTerms(tx: WriteTx, ctx: Ctx, terms: LinkTerms) {
  const route = routeOf(tx, ctx, terms.routeId);
  const priceListId = terms.priceListId ? priceListOf(tx, ctx, terms.priceListId).id : null;
  // Only the terms: a form's other fields (link id, request id) never reach the row.
  return {
    routeId: route.id,
    priceListId,
    stopSeq: terms.stopSeq,
    paymentTerms: terms.paymentTerms,
    creditLimitFen: terms.creditLimitFen,
  };
}
