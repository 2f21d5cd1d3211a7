import { and, desc, eq } from "drizzle-orm";
import type { Db } from "@db/client";
import { recallLots, recalls } from "@db/schema";

export type RecallNotice = { recalled: boolean; reason: string | null };

/**
 * Whether a lot is recalled, for its public trace page (decisions 040, 041): the lot was reached
 * by an open recall (a lot the flagged batch or lot fed, or the flagged lot itself). A drill is
 * not a recall and says nothing to the public; a released recall no longer does either. For
 * that lot only: the page of a lot the recall did not reach says nothing.
 */
export function recallNoticeForLot(db: Db, lotId: string): RecallNotice {
  const row = db
    .select({ reason: recalls.reason })
    .from(recallLots)
    .innerJoin(recalls, eq(recalls.id, recallLots.recallId))
    .where(and(eq(recallLots.lotId, lotId), eq(recalls.kind, "recall"), eq(recalls.status, "open")))
    .orderBy(desc(recalls.createdAt))
    .limit(1)
    .get();
  return row ? { recalled: true, reason: row.reason } : { recalled: false, reason: null };
}
