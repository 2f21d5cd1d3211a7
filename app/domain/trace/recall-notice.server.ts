import type { Db } from "@db/client";

export type RecallNotice = { recalled: boolean; reason: string | null };

/**
 * Whether a lot is recalled, for its public trace page (decision 040). Lane recall owns the
 * recall tables (migration 0015), which are not on this branch: until it wires its flag in here,
 * nothing is known to be recalled. The page already shows the notice when this says so.
 */
export function recallNoticeForLot(_db: Db, _lotId: string): RecallNotice {
  return { recalled: false, reason: null };
}
