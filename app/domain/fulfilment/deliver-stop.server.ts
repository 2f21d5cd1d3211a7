import { z } from "zod";
import { accountEntries, PAYMENT_METHODS } from "@db/schema";
import { inTransaction, type Ctx } from "../context.server";
import { Invalid } from "../errors";
import { optionalMoneyField, optionalText, requestIdField } from "../fields.server";
import { newId } from "../ids.server";
import { once } from "../idempotency.server";
import { requirePermission } from "../permission-check.server";
import { because } from "../timeline-reason";
import { transitionOrder } from "./moves.server";
import { stopOrder } from "./stop-order.server";

export const deliverStopSchema = z.object({
  requestId: requestIdField(),
  orderId: z.string().min(1).max(64),
  code: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || null)
    .refine((v) => v === null || /^\d{6}$/.test(v), "fulfilment.codeFormat"),
  signedBy: optionalText(40),
  cashFen: optionalMoneyField().transform((v) => v ?? 0),
  method: z.enum(PAYMENT_METHODS).default("cash"),
});
export type DeliverStopInput = z.output<typeof deliverStopSchema>;

/**
 * Proof of delivery: the store's 6-digit code, or the name of whoever signed. A wrong code is
 * refused and writes nothing (so the driver can ask again). The store's account is charged the
 * shipped total, and any cash taken at the door is booked against it as a payment.
 */
export function deliverStop(ctx: Ctx, runId: string, input: DeliverStopInput) {
  requirePermission(ctx, "run.deliver");
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, input.requestId, "fulfilment.deliver", () => {
      const { order } = stopOrder(tx, ctx, runId, input.orderId);
      if (input.code !== null && input.code !== order.deliveryCode) {
        throw new Invalid("fulfilment.wrongCode", {}, { code: "fulfilment.wrongCode" });
      }
      if (input.code === null && !input.signedBy) {
        throw new Invalid("fulfilment.proofRequired", {}, { code: "fulfilment.proofRequired" });
      }
      const why =
        input.code !== null
          ? because("fulfilment.reason.byCode")
          : because("fulfilment.reason.bySignature", { name: input.signedBy ?? "" });
      // The order process charges the shipped total to the store's account; cash taken at the door is booked here.
      transitionOrder(tx, ctx, order, "delivered", why, { signedBy: input.signedBy, codCollectedFen: input.cashFen });
      if (input.cashFen > 0) {
        tx.insert(accountEntries)
          .values({
            id: newId(),
            distributorOrgId: ctx.org.id,
            storeOrgId: order.storeOrgId,
            orderId: order.id,
            actorId: ctx.actor.id,
            createdAt: ctx.clock.now(),
            kind: "payment",
            amountFen: -input.cashFen,
            method: input.method,
          })
          .run();
      }
      return { orderId: order.id, cashFen: input.cashFen };
    }),
  );
}
