import { z } from "zod";
import { closeCountyMonth, recordCountyStockPositions } from "../../app/domain/county/close-month.server";
import { systemCtx } from "../../app/domain/jobs/system-context.server";
import type { JobHandler } from "../registry";

const stockPayload = z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });
const closePayload = z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/) });

/**
 * `county.stock`: the day's closing stock of the bureau's county's staple products. Idempotent:
 * a row per store, product and day, rewritten by a retry.
 */
export const countyStockJob: JobHandler = (job, env) => {
  const { day } = stockPayload.parse(job.payload);
  recordCountyStockPositions(systemCtx(env.db, job.orgId, { now: env.now }), day);
};

/**
 * `county.close`: last month's store months rolled up and published. A published month is
 * frozen, so a retry after a crash (or a second worker) reads it and writes nothing.
 */
export const countyCloseJob: JobHandler = (job, env) => {
  const { month } = closePayload.parse(job.payload);
  closeCountyMonth(systemCtx(env.db, job.orgId, { now: env.now }), month);
};
