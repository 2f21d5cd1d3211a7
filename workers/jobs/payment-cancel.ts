import { z } from "zod";
import { cancelPayment } from "../../app/domain/payments/cancel-payment.server";
import { systemCtx } from "../../app/domain/jobs/system-context.server";
import type { JobHandler } from "../registry";

const payload = z.object({ paymentId: z.string().min(1).max(64) });

/** `payment.cancel`: releases a deposit (campaign failed, pledge withdrawn). Idempotent; faults retry. */
export const paymentCancelJob: JobHandler = async (job, env) => {
  const { paymentId } = payload.parse(job.payload);
  await cancelPayment(systemCtx(env.db, job.orgId, { now: env.now }), paymentId);
};
