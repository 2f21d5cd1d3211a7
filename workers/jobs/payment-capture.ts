import { z } from "zod";
import { capturePayment } from "../../app/domain/payments/capture-payment.server";
import { systemCtx } from "../../app/domain/jobs/system-context.server";
import type { JobHandler } from "../registry";

const payload = z.object({ paymentId: z.string().min(1).max(64) });

/** `payment.capture`: takes an authorised deposit (campaign succeeded). Idempotent; faults retry. */
export const paymentCaptureJob: JobHandler = async (job, env) => {
  const { paymentId } = payload.parse(job.payload);
  await capturePayment(systemCtx(env.db, job.orgId, { now: env.now }), paymentId);
};
