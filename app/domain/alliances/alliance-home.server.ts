import type { Ctx } from "../context.server";
import { listCampaigns } from "./campaign-detail.server";
import { listMembers } from "./memberships.server";
import { unreadNotices } from "./notices.server";
import { savingsReport } from "./savings-report.server";

/**
 * The coordinator's home: unread notices (a campaign closed), campaigns in progress, stores
 * waiting for a decision, the totals so far.
 */
export function allianceHome(ctx: Ctx) {
  const members = listMembers(ctx, ["requested", "active"]);
  const report = savingsReport(ctx);
  return {
    notices: unreadNotices(ctx),
    running: listCampaigns(ctx, ["draft", "open", "succeeded", "ordered"]),
    pending: members.filter((m) => m.status === "requested"),
    activeMembers: members.filter((m) => m.status === "active").length,
    byStatus: report.byStatus,
    totals: report.totals,
  };
}
