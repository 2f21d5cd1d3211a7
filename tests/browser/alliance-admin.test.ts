import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { allianceMembers, campaigns } from "@db/schema";
import { addDays, shanghaiDate } from "~/domain/dates";
import { makeAlliance, makeSupplierWithProduct, serverClock } from "../support/alliance";
import { makeStore } from "../support/factories";
import { makeDistributor, makeSku } from "../support/distribution";
import { logInAs, openPhone, overflowsHorizontally, recordPageErrors, screenshot } from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";

// A coordinator drafts and opens a group buy on a 390 px phone, with JavaScript on, the way the
// issue's walk-through starts; the page must never scroll sideways.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const pageErrors: string[] = [];
afterEach(() => {
  const errors = pageErrors.splice(0);
  expect(errors, `errors in the browser: ${errors.join(" | ")}`).toEqual([]);
});

describe("a coordinator on a phone", () => {
  it.each([true, false])(
    "creates a campaign with three tiers and opens it (JavaScript %s)",
    async (javaScriptEnabled) => {
      const alliance = await makeAlliance(server.db, { clock: serverClock });
      const goods = makeSupplierWithProduct(alliance, { name: "金龙鱼大豆油 5L", packSize: 4 });
      const distributor = await makeDistributor(server.db);
      makeSku(distributor.ctx, {
        name: "金龙鱼大豆油 5L",
        barcode: goods.barcode!,
        packSize: 4,
        baseUnit: "桶",
        casePriceFen: 24_000,
      });

      const phone = await openPhone({ javaScriptEnabled });
      recordPageErrors(phone.page, pageErrors, { allowStatus: [400] });
      const page = phone.page;
      try {
        await logInAs(page, server.url, alliance.user.phone, alliance.user.password);
        await page.goto(`${server.url}/alliance`);
        expect(await overflowsHorizontally(page)).toBe(false);
        await page.getByRole("link", { name: "发起团购" }).first().click();
        await page.waitForURL(/\/alliance\/campaigns\/new/);

        await page.getByLabel("批次名称").fill("金龙鱼 5L 年货团");
        const tiers = [
          ["100", "52.00"],
          ["300", "49.50"],
          ["600", "47.00"],
        ];
        for (const [i, [packs, price]] of tiers.entries()) {
          await page.getByLabel(`第 ${i + 1} 档：满多少箱`).fill(packs);
          await page.getByLabel(`第 ${i + 1} 档：每箱价格（元）`).fill(price);
        }
        await page.getByLabel("成团最低箱数（MOQ）").fill("100");
        await page.getByLabel("每店最多认购箱数").fill("60");
        const deadline = addDays(shanghaiDate(serverClock.now()), 5);
        await page.getByLabel("截止日期").fill(deadline);
        await page.getByLabel("预计送达日期").fill(addDays(deadline, 4));
        await page.getByLabel("配送方式").selectOption(distributor.org.id);
        expect(await overflowsHorizontally(page)).toBe(false);
        await screenshot(page, `alliance-campaign-new-js-${javaScriptEnabled ? "on" : "off"}`);

        // First a mistake: the second tier dearer than the first.
        await page.getByLabel("第 2 档：每箱价格（元）").fill("53.00");
        await page.getByRole("button", { name: "保存草稿" }).click();
        await expect.poll(() => page.getByRole("alert").first().textContent()).toBeTruthy();
        await expect
          .poll(async () => (await page.locator("body").textContent()) ?? "")
          .toContain("各档价格必须逐档降低");
        expect(await page.getByLabel("批次名称").inputValue()).toBe("金龙鱼 5L 年货团");
        await page.getByLabel("第 2 档：每箱价格（元）").fill("49.50");
        await page.getByRole("button", { name: "保存草稿" }).click();
        await page.waitForURL(/\/alliance\/campaigns\/[\w-]+$/);
        await expect.poll(() => page.getByTestId("tiers").textContent()).toContain("满 600 箱：每箱 ¥47.00");

        await page.getByRole("button", { name: "开放认购" }).click();
        await expect.poll(() => page.getByRole("button", { name: "立即截单" }).count()).toBe(1);
        const id = page.url().split("/").at(-1)!;
        expect(server.db.select().from(campaigns).where(eq(campaigns.id, id)).get()).toMatchObject({
          status: "open",
          capPacks: 60,
          moqPacks: 100,
          distributorOrgId: distributor.org.id,
        });
        expect(await overflowsHorizontally(page)).toBe(false);
        await screenshot(page, `alliance-campaign-open-js-${javaScriptEnabled ? "on" : "off"}`);
      } finally {
        await phone.close();
      }
    },
  );
});

describe("a shopkeeper on a 360 px phone without JavaScript", () => {
  it("finds the county's alliance from the store home and applies to join", async () => {
    const alliance = await makeAlliance(server.db, { clock: serverClock });
    const store = await makeStore(server.db);
    const phone = await openPhone({ javaScriptEnabled: false, width: 360 });
    recordPageErrors(phone.page, pageErrors);
    const page = phone.page;
    try {
      await logInAs(page, server.url, store.user.phone, store.user.password);
      await page.goto(`${server.url}/store`);
      await page.getByRole("link", { name: "采购联盟", exact: true }).click();
      await page.waitForURL(/\/store\/alliances$/);
      const card = page.getByTestId("alliance").filter({ hasText: alliance.org.name });
      await card.getByRole("button", { name: "申请加入" }).click();
      await expect.poll(() => card.textContent()).toContain("已申请，等待联盟审核");
      expect(await overflowsHorizontally(page)).toBe(false);
      await screenshot(page, "store-alliances-applied");
      expect(
        server.db.select().from(allianceMembers).where(eq(allianceMembers.storeOrgId, store.org.id)).get(),
      ).toMatchObject({ allianceOrgId: alliance.org.id, status: "requested" });
    } finally {
      await phone.close();
    }
  });
});
