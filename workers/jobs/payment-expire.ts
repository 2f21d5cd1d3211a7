import { z } from "zod";
import { expireSession } from "../../app/domain/payments/expire-session.server";
import { systemCtx } from "../../app/domain/jobs/system-context.server";
import type { JobHandler } from "../registry";

const payload = z.object({ paymentId: z.string().min(1).max(64) });

/** `payment.expire`: closes an open Checkout Session that must no longer be paid. Idempotent. */
export const paymentExpireJob: JobHandler = async (job, env) => {
  const { paymentId } = payload.parse(job.payload);
  await expireSession(systemCtx(env.db, job.orgId, { now: env.now }), paymentId);
};
