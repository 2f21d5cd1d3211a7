import { and, eq } from "drizzle-orm";
import { campaigns, jobs } from "@db/schema";
import { inTransaction, type Ctx, type WriteTx } from "../context.server";
import { Conflict, InvalidTransition } from "../errors";
import { once } from "../idempotency.server";
import { enqueue } from "../jobs/queue.server";
import { campaignMachine } from "../machines";
import { requirePermission } from "../permission-check.server";
import { recordTransition, type ReasonInput } from "../state-machine.server";
import type { CampaignStatus } from "@db/schema/alliance-enums";
import { findCampaign } from "./campaigns.server";

/** Moves the campaign's status column, conditionally on `from`, and records the transition. */
export function move(
  tx: WriteTx,
  ctx: Ctx,
  id: string,
  from: CampaignStatus,
  to: CampaignStatus,
  reason: ReasonInput,
  now: number,
  extra = {},
) {
  recordTransition(tx, ctx, campaignMachine, { entity: "campaign", entityId: id, from, to, reason });
  const changed = tx
    .update(campaigns)
    .set({ status: to, updatedAt: now, ...extra })
    .where(and(eq(campaigns.id, id), eq(campaigns.orgId, ctx.org.id), eq(campaigns.status, from)))
    .run();
  if (changed.changes !== 1) throw new InvalidTransition();
}

/** Draft → open: members can now see and pledge. The deadline must still be ahead. */
export function openCampaign(ctx: Ctx, campaignId: string, requestId: string) {
  requirePermission(ctx, "campaign.open");
  const now = ctx.clock.now();
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, `campaign-open:${requestId}`, "campaign.open", () => {
      const campaign = findCampaign(tx, ctx, campaignId);
      if (campaign.status !== "draft") throw new InvalidTransition("alliance.campaign.notDraft");
      if (campaign.deadlineAt <= now) throw new Conflict("alliance.campaign.deadlinePast");
      move(tx, ctx, campaignId, "draft", "open", null, now);
      // The close runs in the worker at the deadline; enqueued now so nothing has to poll for it.
      enqueue(
        tx,
        {
          orgId: ctx.org.id,
          kind: "campaign.close",
          payload: { campaignId },
          uniqueKey: `campaign.close:${campaignId}`,
          runAt: campaign.deadlineAt,
        },
        now,
      );
      return { campaignId };
    }),
  );
}

/**
 * 立即截单: the coordinator closes now instead of at the deadline. The deadline moves to now (so
 * no pledge is taken afterwards) and the close job is asked to run now; the close itself is the
 * worker's (one close, however it is triggered).
 */
export function closeCampaignNow(ctx: Ctx, campaignId: string, requestId: string) {
  requirePermission(ctx, "campaign.closeNow");
  const now = ctx.clock.now();
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, `campaign-close-now:${requestId}`, "campaign.closeNow", () => {
      const campaign = findCampaign(tx, ctx, campaignId);
      if (campaign.status !== "open") throw new InvalidTransition("alliance.campaign.notOpen");
      tx.update(campaigns)
        .set({ deadlineAt: Math.min(campaign.deadlineAt, now), updatedAt: now })
        .where(and(eq(campaigns.id, campaignId), eq(campaigns.orgId, ctx.org.id), eq(campaigns.status, "open")))
        .run();
      const jobId = enqueue(
        tx,
        {
          orgId: ctx.org.id,
          kind: "campaign.close",
          payload: { campaignId },
          uniqueKey: `campaign.close:${campaignId}`,
          runAt: now,
        },
        now,
      );
      // The job enqueued at opening carries the old deadline: bring it forward.
      bringForward(tx, jobId, now);
      return { campaignId, jobId };
    }),
  );
}

function bringForward(tx: WriteTx, jobId: string, now: number) {
  tx.update(jobs)
    .set({ runAt: now, updatedAt: now })
    .where(and(eq(jobs.id, jobId), eq(jobs.status, "queued")))
    .run();
}
