import type { Db } from "../../db/client";
import { enqueueReconciliation, reconcilePayments } from "../../app/domain/payments/reconcile-payments.server";
import { systemCtx } from "../../app/domain/jobs/system-context.server";
import type { JobHandler } from "../registry";

/** `payment.reconcile`: asks the provider about the organisation's stale pending payments (lost webhooks). */
export const paymentReconcileJob: JobHandler = async (job, env) => {
  await reconcilePayments(systemCtx(env.db, job.orgId, { now: env.now }));
};

/** Every 5 minutes: one reconcile job per organisation with payments pending too long. */
export function enqueuePaymentReconciliation(db: Db, now: number): void {
  enqueueReconciliation(db, now);
}
