import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaigns, notifications } from "@db/schema";
import { closeCampaign } from "~/domain/alliances/close-campaign.server";
import { systemCtx } from "~/domain/jobs/system-context.server";
import { makeAlliance } from "../support/alliance";
import { groupBuyWorld, pledgeAs } from "../support/group-buy";
import { visibleHtml } from "../support/html";
import { loggedInClient, startTestServer, type TestServer } from "../support/server";
import { dbSnapshot } from "../support/snapshot";
import { fixedClock } from "../../app/domain/dates";

// The coordinator's notices (written by the close) on the alliance home, over the real server
// with JavaScript off.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const loggedIn = (user: { phone: string }) => loggedInClient(server, user);

const unread = (orgId: string) =>
  server.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.orgId, orgId), isNull(notifications.readAt)))
    .all();

/**
 * A campaign that fails at its deadline: 10 packs pledged against a minimum of 100. Laid down
 * on the world's own pinned clock; the pages read here do not depend on the time.
 */
async function failedCampaign() {
  const w = await groupBuyWorld(server.db, { title: "金龙鱼大豆油团购" });
  pledgeAs(w.stores[0].ctx, w.campaignId, 10);
  const deadline = server.db.select().from(campaigns).where(eq(campaigns.id, w.campaignId)).get()!.deadlineAt;
  expect(closeCampaign(systemCtx(server.db, w.alliance.org.id, fixedClock(deadline)), w.campaignId).status).toBe(
    "failed",
  );
  return w;
}

describe("the coordinator's notices", () => {
  it("after a failed close the alliance home lists the notice; opening it marks it read and goes to the campaign", async () => {
    const w = await failedCampaign();
    const client = await loggedIn(w.alliance.user);
    const home = await client.get("/alliance");
    expect(home.status).toBe(200);
    const html = await home.text();
    expect(visibleHtml(html)).toContain("团购「金龙鱼大豆油团购」未成团（10/100 箱），已退回所有定金。");
    expect(html).toContain('action="/alliance/notifications"');
    const [notice] = unread(w.alliance.org.id);

    const open = await client.post("/alliance/notifications", { id: notice.id });
    expect(open.status).toBe(302);
    expect(open.headers.get("location")).toBe(`/alliance/campaigns/${w.campaignId}`);
    expect(unread(w.alliance.org.id)).toEqual([]);
    expect(visibleHtml(await (await client.get("/alliance")).text())).not.toContain("未成团");
    // Opening it again is harmless (a double tap): same place, still read once.
    expect((await client.post("/alliance/notifications", { id: notice.id })).headers.get("location")).toBe(
      `/alliance/campaigns/${w.campaignId}`,
    );
  });

  it("speaks English to a coordinator who chose it", async () => {
    const w = await failedCampaign();
    const client = await loggedIn(w.alliance.user);
    expect((await client.post("/settings/language", { locale: "en", redirectTo: "/alliance" })).status).toBe(302);
    expect(visibleHtml(await (await client.get("/alliance")).text())).toContain(
      "Group buy “金龙鱼大豆油团购” failed (10/100 箱); every deposit is released.",
    );
  });

  it("another alliance never sees it and cannot open it; a store cannot use the alliance route", async () => {
    const w = await failedCampaign();
    const [notice] = unread(w.alliance.org.id);
    const other = await makeAlliance(server.db);
    const oc = await loggedIn(other.user);
    expect(visibleHtml(await (await oc.get("/alliance")).text())).not.toContain("金龙鱼大豆油团购");
    const store = await loggedIn(w.stores[0].user);
    const before = dbSnapshot(server.db);
    expect((await oc.post("/alliance/notifications", { id: notice.id })).status).toBe(404);
    expect((await store.post("/alliance/notifications", { id: notice.id })).status).toBeGreaterThanOrEqual(300);
    expect(dbSnapshot(server.db)).toEqual(before);
    expect(unread(w.alliance.org.id)).toHaveLength(1);
  });
});
