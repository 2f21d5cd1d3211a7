import { z } from "zod";
import { intField, moneyField, requestIdField, text } from "../fields.server";

// The dispute forms' fields (decision 047). The farmer's reason and the store's answer are short:
// a sentence, not a letter (and nothing large lands in the database from a public page).
export const DISPUTE_REASON_MAX = 200;

export const raiseDisputeSchema = z.object({ reason: text(DISPUTE_REASON_MAX) });
export type RaiseDisputeInput = z.output<typeof raiseDisputeSchema>;

/** A correction: the weight in grams (or the count) and the price in yuan per 斤 (or per piece). */
export const correctDisputeSchema = z.object({
  requestId: requestIdField(),
  qty: intField({ min: 1, max: 100_000_000 }),
  price: moneyField().refine((fen) => fen > 0 && fen <= 1_000_000, "produce.priceRange"),
  answer: z.string().trim().max(DISPUTE_REASON_MAX).optional(),
});
export type CorrectDisputeInput = z.output<typeof correctDisputeSchema>;

export const rejectDisputeSchema = z.object({
  requestId: requestIdField(),
  answer: text(DISPUTE_REASON_MAX),
});
export type RejectDisputeInput = z.output<typeof rejectDisputeSchema>;
