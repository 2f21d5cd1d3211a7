import { z } from "zod";
import { accountEntries, PAYMENT_METHODS } from "@db/schema";
import { inTransaction, type Ctx } from "../context.server";
import { Invalid } from "../errors";
import { optionalMoneyField, optionalText, requestIdField } from "../fields.server";
import { newId } from "../ids.server";
import { once } from "../idempotency.server";
import { moveOrder } from "./moves.server";
import { reason } from "./reasons.server";
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
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, input.requestId, "fulfilment.deliver", () => {
      const { order } = stopOrder(tx, ctx, runId, input.orderId);
      if (input.code !== null && input.code !== order.deliveryCode) {
        throw new Invalid("fulfilment.wrongCode", {}, { code: "fulfilment.wrongCode" });
      }
      if (input.code === null && !input.signedBy) {
        throw new Invalid("fulfilment.proofRequired", {}, { code: "fulfilment.proofRequired" });
      }
      const now = Date.now();
      const entry = {
        distributorOrgId: ctx.org.id,
        storeOrgId: order.storeOrgId,
        orderId: order.id,
        actorId: ctx.actor.id,
        createdAt: now,
      };
      tx.insert(accountEntries)
        .values({ ...entry, id: newId(), kind: "order", amountFen: order.totalFen })
        .run();
      if (input.cashFen > 0) {
        tx.insert(accountEntries)
          .values({ ...entry, id: newId(), kind: "payment", amountFen: -input.cashFen, method: input.method })
          .run();
      }
      const why =
        input.code !== null
          ? reason("fulfilment.reason.byCode")
          : reason("fulfilment.reason.bySignature", { name: input.signedBy ?? "" });
      moveOrder(tx, ctx, order, "delivered", why, { signedBy: input.signedBy, codCollectedFen: input.cashFen });
      return { orderId: order.id, cashFen: input.cashFen };
    }),
  );
}
