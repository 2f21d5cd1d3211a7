import { z } from "zod";
import type { Db } from "../../db/client";
import { closeCampaign, campaignsDueForClose } from "../../app/domain/alliances/close-campaign.server";
import { enqueue } from "../../app/domain/jobs/queue.server";
import { systemCtx } from "../../app/domain/jobs/system-context.server";
import type { JobHandler } from "../registry";

const payload = z.object({ campaignId: z.string().min(1).max(64) });

/**
 * `campaign.close`: the alliance's campaign at its deadline. closeCampaign is exactly-once by
 * itself (the status guards it in one transaction), so a retry or a second worker after a crash
 * reads the recorded result and writes nothing.
 */
export const closeCampaignJob: JobHandler = (job, env) => {
  const { campaignId } = payload.parse(job.payload);
  closeCampaign(systemCtx(env.db, job.orgId, { now: env.now }), campaignId);
};

/**
 * The safety net behind the job enqueued when a campaign opens: any open campaign past its
 * deadline gets its close job (the unique key makes this a no-op when the job exists).
 */
export function enqueueDueCampaignCloses(db: Db, now: number): void {
  for (const { orgId, id } of campaignsDueForClose(db, now)) {
    enqueue(
      db,
      {
        orgId,
        kind: "campaign.close",
        payload: { campaignId: id },
        uniqueKey: `campaign.close:${id}`,
        runAt: now,
      },
      now,
    );
  }
}
