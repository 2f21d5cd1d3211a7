import { settleLegacyPayments } from "../../app/domain/payments/legacy-settle.server";
import { systemCtx } from "../../app/domain/jobs/system-context.server";
import type { JobHandler } from "../registry";

/** `payment.legacy`: the one-time settlement of PaymentIntents left by the old manual-capture design. */
export const paymentLegacyJob: JobHandler = async (job, env) => {
  await settleLegacyPayments(systemCtx(env.db, job.orgId, { now: env.now }));
};
