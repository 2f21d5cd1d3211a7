import { and, eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountEntries, consignments, farmerEntries, lotSources, producePurchases } from "@db/schema";
import {
  logInAs,
  openPhone,
  overflowsHorizontally,
  recordPageErrors,
  screenshot,
  waitForHydration,
} from "../support/browser";
import { addStaff, makeConfirmedOrder, makeDeliveryRoute } from "../support/distribution";
import { PNG, sendRunOut } from "../support/produce";
import { startTestServer, type TestServer } from "../support/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

async function as(
  who: { phone: string; password: string },
  run: (page: Page) => Promise<void>,
  { javaScriptEnabled = true, width = 390 } = {},
) {
  const phone = await openPhone({ javaScriptEnabled, width });
  const errors: string[] = [];
  recordPageErrors(phone.page, errors);
  try {
    await logInAs(phone.page, server.url, who.phone, who.password);
    await run(phone.page);
    expect(errors).toEqual([]);
  } finally {
    await phone.close();
  }
}

describe("produce up, the whole trip", () => {
  it("list → two farmers (paid, owed) → consignment → return-leg pickup → graded down and rejected → settled to the fen", async () => {
    const r = await makeDeliveryRoute(server.db, { stores: 1, skus: 1, stockPacks: 10 });
    const store = r.stores[0];
    const order = makeConfirmedOrder(r.distributor.ctx, {
      linkId: store.linkId,
      deliveryDate: r.deliveryDate,
      lines: [{ sku: r.skus[0], packs: 1 }],
    });
    const runId = order.runId!;
    const driver = await addStaff(server.db, r.distributor.org, "driver");
    const warehouse = await addStaff(server.db, r.distributor.org, "warehouse");

    // The distributor's office publishes this week's buying list.
    await as(r.distributor.user, async (page) => {
      await page.goto(`${server.url}/distributor/produce`);
      await waitForHydration(page);
      await page.getByLabel("哪一周").fill(r.deliveryDate);
      const rows = page.getByTestId("list-row");
      await rows.nth(0).getByLabel("品名").fill("小米");
      await rows.nth(0).getByLabel("等级").fill("一级");
      await rows.nth(0).getByLabel("收购价（元）").fill("2.00");
      await rows.nth(0).getByLabel("需要（斤或个）").fill("500");
      await rows.nth(1).getByLabel("品名").fill("鸡蛋");
      await rows.nth(1).getByLabel("等级").fill("一级");
      await rows.nth(1).getByLabel("计价方式").selectOption("piece");
      await rows.nth(1).getByLabel("收购价（元）").fill("0.80");
      await rows.nth(1).getByLabel("需要（斤或个）").fill("1000");
      await page.getByRole("button", { name: "发布给所有合作门店" }).click();
      await expect.poll(() => page.getByText("收购清单已发布").isVisible()).toBe(true);
      await screenshot(page, "produce-distributor-list");
    });

    // The store, on a 360 px phone with JavaScript off: two farmers, then the consignment.
    await as(
      store.user,
      async (page) => {
        await page.goto(`${server.url}/store/produce`);
        expect(await page.getByTestId("buying-list").getByText(`回程取货日：${r.deliveryDate}`).isVisible()).toBe(true);
        expect(await overflowsHorizontally(page)).toBe(false);

        const buy = async (fields: {
          name: string;
          mobile: string;
          village: string;
          grams: string;
          cert: string;
          payment: string;
        }) => {
          await page.goto(`${server.url}/store/produce/buy`);
          expect(await page.getByTestId("price-card").getByText("¥2.00/斤").isVisible()).toBe(true);
          await page.getByLabel("已向农户出示等级价格卡，农户同意").check();
          await page.getByLabel("农户姓名").fill(fields.name);
          await page.getByLabel("手机号").fill(fields.mobile);
          await page.getByLabel("村", { exact: true }).fill(fields.village);
          await page.getByLabel("重量（克）或个数").fill(fields.grams);
          await page.getByLabel("给农户的价格（元）").fill("1.50");
          await page.getByLabel("付款方式").selectOption(fields.payment);
          await page.getByLabel("合格证编号").fill(fields.cert);
          await page
            .getByLabel("合格证照片")
            .setInputFiles({ name: "cert.png", mimeType: "image/png", buffer: Buffer.from(PNG) });
          await page.getByRole("button", { name: "收购并开收据" }).click();
          await page.waitForURL(/\/store\/produce\/purchases\//);
        };
        await buy({
          name: "张大爷",
          mobile: "13900000001",
          village: "张庄村",
          grams: "12345",
          cert: "HG-0001",
          payment: "cash",
        });
        expect(await page.getByTestId("receipt-amount").textContent()).toBe("金额：¥37.04");
        expect(await overflowsHorizontally(page)).toBe(false);
        await screenshot(page, "produce-receipt-360");
        await buy({
          name: "王婶",
          mobile: "13900000002",
          village: "王庄村",
          grams: "8001",
          cert: "HG-0002",
          payment: "owed",
        });
        expect(await page.getByTestId("receipt-amount").textContent()).toBe("金额：¥24.00");
        // The farmer's link opens the receipt without an account.
        const link = await page.getByTestId("receipt-link").inputValue();

        await page.goto(`${server.url}/store/produce`);
        await screenshot(page, "produce-store-home-360");
        expect(await page.getByTestId("farmers").textContent()).toContain("欠农户 ¥24.00");
        await page.goto(`${server.url}/store/produce/offer`);
        await page.getByLabel(/张大爷/).fill("12345");
        await page.getByLabel(/王婶/).fill("8001");
        expect(await overflowsHorizontally(page)).toBe(false);
        await screenshot(page, "produce-offer-360");
        await page.getByRole("button", { name: "提交交货单" }).click();
        await page.waitForURL(/done=offered/);
        expect(await page.getByTestId("consignment-status").first().textContent()).toBe("待取货");

        const lot = server.db.select().from(producePurchases).where(eq(producePurchases.orgId, store.org.id)).get()!;
        await page.goto(`${server.url}/store/produce/lots/${lot.lotId}/certificate`);
        expect(await page.getByTestId("qr").locator("svg").count()).toBe(1);
        await screenshot(page, "produce-certificate-360");

        await page.goto(link);
        expect(await page.getByTestId("receipt-amount").textContent()).toBe("金额：¥24.00");
      },
      { javaScriptEnabled: false, width: 360 },
    );

    // The van goes out; the driver picks the consignment up on the return leg, the store signs.
    sendRunOut(r.distributor.ctx, runId);
    await as(driver.user, async (page) => {
      await page.goto(`${server.url}/distributor/runs/${runId}/stops`);
      await waitForHydration(page);
      const pickup = page.getByTestId("pickup");
      await pickup.getByRole("textbox").first().fill("12300");
      await pickup.getByLabel("门店签收人").fill("李店主");
      await screenshot(page, "produce-driver-return-leg");
      await pickup.getByRole("button", { name: "确认取货" }).click();
      await expect.poll(() => page.getByText("已取货，门店已签字。").isVisible()).toBe(true);
      await page.goto(`${server.url}/distributor/runs/${runId}/manifest`);
      expect(await page.getByTestId("return-leg").getByText("签收：李店主").isVisible()).toBe(true);
    });

    // The warehouse grades: one lot down a grade at a new price, the other rejected.
    await as(warehouse.user, async (page) => {
      await page.goto(`${server.url}/distributor/produce`);
      await page.getByTestId("consignments").getByRole("link").first().click();
      await page.waitForURL(/consignments\//);
      await waitForHydration(page);
      const down = page.getByTestId("grade-line").filter({ hasText: "12300 克" });
      await down.getByLabel("验收结果").selectOption("downgraded");
      await down.getByLabel("降为等级").fill("二级");
      await down.getByLabel("新价格（元）").fill("1.55");
      const out = page.getByTestId("grade-line").filter({ hasText: "8001 克" });
      await out.getByLabel("验收结果").selectOption("rejected");
      await out.getByLabel("拒收原因").fill("受潮");
      await page.getByRole("button", { name: "验收并结算" }).click();
      await expect.poll(() => page.getByText("已验收，给门店结算 ¥38.13。").isVisible()).toBe(true);
      await screenshot(page, "produce-graded");
    });

    // Accounts settle to the fen: the store is credited 12,300 g × ¥1.55/斤 = ¥38.13; it still owes 王婶 ¥24.00.
    const consignment = server.db.select().from(consignments).where(eq(consignments.storeOrgId, store.org.id)).get()!;
    expect(consignment).toMatchObject({ status: "graded", settledFen: 3813, signedBy: "李店主" });
    const produceEntries = server.db
      .select()
      .from(accountEntries)
      .where(and(eq(accountEntries.storeOrgId, store.org.id), eq(accountEntries.kind, "produce")))
      .all();
    expect(produceEntries.map((e) => e.amountFen)).toEqual([-3813]);
    const farmerTotals = server.db.select().from(farmerEntries).where(eq(farmerEntries.orgId, store.org.id)).all();
    expect(farmerTotals.reduce((n, e) => n + e.amountFen, 0)).toBe(2400);
    const upEdges = server.db
      .select()
      .from(lotSources)
      .where(and(eq(lotSources.orgId, r.distributor.org.id), eq(lotSources.sourceOrgId, store.org.id)))
      .all();
    expect(upEdges.map((e) => e.qty)).toEqual([12_300]);

    await as(
      store.user,
      async (page) => {
        await page.goto(`${server.url}/store/produce`);
        expect(await page.getByTestId("settled").textContent()).toBe("结算入账：¥38.13");
        expect(await overflowsHorizontally(page)).toBe(false);
        await screenshot(page, "produce-store-settled-360");
      },
      { javaScriptEnabled: false, width: 360 },
    );
  }, 240_000);
});
