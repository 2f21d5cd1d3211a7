import type { Db } from "../db/client";
import { closeCampaignJob } from "./jobs/close-campaign";
import { countyCloseJob, countyStockJob } from "./jobs/county";
import { paymentExpireJob } from "./jobs/payment-expire";
import { paymentLegacyJob } from "./jobs/payment-legacy";
import { paymentReconcileJob } from "./jobs/payment-reconcile";
import { paymentRefundJob } from "./jobs/payment-refund";

/**
 * One entry per job kind. A handler is run at least once per job (decision 022): it must be
 * idempotent — a retry after a crash finds its own earlier writes (a natural unique key, a state
 * the state machine refuses to leave twice, `once()`), and does not write them again.
 * It rebuilds its domain context from `job.orgId` with `systemCtx(env.db, job.orgId)`.
 * Throwing fails the attempt: it is retried with backoff, and dead after `maxAttempts`.
 */
export type JobHandler = (
  job: { id: string; orgId: string; kind: string; payload: unknown; attempts: number },
  env: { db: Db; now: () => number },
) => Promise<void> | void;

// Add a job kind with one line here (and its file under workers/jobs/).
export const handlers: Record<string, JobHandler> = {
  "campaign.close": closeCampaignJob,
  "payment.refund": paymentRefundJob,
  "payment.expire": paymentExpireJob,
  "payment.legacy": paymentLegacyJob,
  "payment.reconcile": paymentReconcileJob,
  "county.stock": countyStockJob,
  "county.close": countyCloseJob,
};
