import { z } from "zod";
import { checkbox, intField, optionalText, requestIdField, text } from "../fields.server";

/** "supplier_batch:<id>" or "stock_lot:<id>", as the flag form's choice names it. */
const sourceField = () =>
  z
    .string({ error: "recall.sourceRequired" })
    .regex(/^(supplier_batch|stock_lot):[A-Za-z0-9_-]{1,64}$/, "recall.sourceRequired")
    .transform((v) => {
      const [kind, id] = v.split(":") as ["supplier_batch" | "stock_lot", string];
      return { kind, id };
    });

export const flagRecallSchema = z.object({
  requestId: requestIdField(),
  source: sourceField(),
  reason: text(200),
  returnNote: optionalText(200),
  drill: checkbox(),
});
export type FlagRecallInput = z.output<typeof flagRecallSchema>;

export const releaseRecallSchema = z.object({ requestId: requestIdField(), reason: text(200) });

export const confirmRecallSchema = z.object({ requestId: requestIdField() });

export const settleUnitsSchema = z.object({
  requestId: requestIdField(),
  lotId: z.string({ error: "validation.required" }).min(1, "validation.required").max(64),
  action: z.enum(["return", "destroy"], { error: "validation.required" }),
  qty: intField({ min: 1, max: 1_000_000 }),
});
export type SettleUnitsInput = z.output<typeof settleUnitsSchema>;

/** The driver's count of recalled units picked up at a store on the run (decision 046). */
export const pickUpRecalledSchema = z.object({
  requestId: requestIdField(),
  lotId: z.string({ error: "validation.required" }).min(1, "validation.required").max(64),
  qty: intField({ min: 1, max: 1_000_000 }),
});
export type PickUpRecalledInput = z.output<typeof pickUpRecalledSchema>;

/** Back at the warehouse: the picked-up units go into a quarantined lot, or are destroyed. */
export const bookInReturnSchema = z.object({
  requestId: requestIdField(),
  returnId: z.string({ error: "validation.required" }).min(1, "validation.required").max(64),
  outcome: z.enum(["quarantined", "destroyed"], { error: "validation.required" }),
});
export type BookInReturnInput = z.output<typeof bookInReturnSchema>;
