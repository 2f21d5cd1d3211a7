import { z } from "zod";
import { sendRefund } from "../../app/domain/payments/refund-payment.server";
import { systemCtx } from "../../app/domain/jobs/system-context.server";
import type { JobHandler } from "../registry";

const payload = z.object({ refundId: z.string().min(1).max(64) });

/** `payment.refund`: sends a queued refund through the Refunds API. Idempotent; faults retry. */
export const paymentRefundJob: JobHandler = async (job, env) => {
  const { refundId } = payload.parse(job.payload);
  await sendRefund(systemCtx(env.db, job.orgId, { now: env.now }), refundId);
};
