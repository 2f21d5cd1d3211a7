import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { accountEntries, payments } from "@db/schema";
import {
  PHONE_USER_AGENT,
  logInAs,
  openPhone,
  overflowsHorizontally,
  recordPageErrors,
  screenshot,
} from "../support/browser";
import { connectPayee } from "../support/connect";
import { makeConfirmedOrder, makeDeliveryRoute } from "../support/distribution";
import { startTestServer, type TestServer } from "../support/server";
import { startStripeServer, stripeEnv, type LocalStripe } from "../support/stripe-server";

// A shopkeeper pays a restock order online on a 360 px phone: the order page's button, the
// hosted Checkout test page (the local Stripe-compatible server), and back to a paid order —
// paid because the webhook said so. With JavaScript on and off: the pay button is a plain form post.

let stripe: LocalStripe;
let server: TestServer;
let world: Awaited<ReturnType<typeof makeDeliveryRoute>>;

beforeAll(async () => {
  stripe = await startStripeServer();
  server = await startTestServer({ env: stripeEnv(stripe) });
  stripe.webhookUrl = `${server.url}/webhooks/stripe`;
  world = await makeDeliveryRoute(server.db, { stores: 2, skus: 1 });
  connectPayee(server.db, stripe, world.distributor.org.id);
});
afterAll(async () => {
  await server?.stop();
  await stripe?.stop();
});

const pageErrors: string[] = [];
afterEach(() => {
  const errors = pageErrors.splice(0);
  expect(errors, `errors in the browser: ${errors.join(" | ")}`).toEqual([]);
});

describe("paying a restock order online on a phone", () => {
  it.each([true, false])(
    "goes to the payment page and comes back to a paid order (JavaScript %s)",
    async (javaScriptEnabled) => {
      const store = world.stores[javaScriptEnabled ? 0 : 1];
      const order = makeConfirmedOrder(world.distributor.ctx, {
        linkId: store.linkId,
        deliveryDate: world.deliveryDate,
        lines: [{ sku: world.skus[0], packs: 3 }],
      });
      const phone = await openPhone({ javaScriptEnabled, width: 360, userAgent: PHONE_USER_AGENT });
      recordPageErrors(phone.page, pageErrors);
      try {
        const { page } = phone;
        await logInAs(page, server.url, store.user.phone, store.user.password);
        await page.goto(`${server.url}/store/restock/orders/${order.id}`);
        if (javaScriptEnabled) await page.waitForLoadState("networkidle");
        const button = page.getByRole("button", { name: "在线支付 ¥30.00" });
        await expect.poll(() => button.isVisible()).toBe(true);
        expect(await overflowsHorizontally(page)).toBe(false);
        await screenshot(page, `payments-order-unpaid-js-${javaScriptEnabled ? "on" : "off"}`);

        // On a phone: Alipay first, and the page warns that WeChat Pay is a QR code for another device.
        await expect
          .poll(() => page.getByTestId("pay-hint").textContent())
          .toContain("可用：支付宝 · 银行卡 · 微信支付");
        await expect.poll(() => page.getByTestId("wechat-phone").isVisible()).toBe(true);
        await button.click();
        await page.waitForURL(new RegExp(`^${stripe.url}/checkout/cs_test_`));
        await expect.poll(() => page.getByTestId("checkout-amount").textContent()).toBe("¥30.00");
        await screenshot(page, `payments-provider-page-js-${javaScriptEnabled ? "on" : "off"}`);
        await page.getByRole("button", { name: "用支付宝付款" }).click();

        await page.waitForURL(new RegExp(`/store/restock/orders/${order.id}\\?session_id=cs_test_`));
        await expect.poll(() => page.getByTestId("order-payment").getAttribute("data-status")).toBe("succeeded");
        await expect.poll(() => page.getByTestId("order-payment").textContent()).toContain("已在线支付 ¥30.00");
        expect(await page.getByRole("button", { name: /在线支付/ }).count()).toBe(0);
        expect(await overflowsHorizontally(page)).toBe(false);
        await screenshot(page, `payments-order-paid-js-${javaScriptEnabled ? "on" : "off"}`);

        await stripe.settled();
        expect(server.db.select().from(payments).where(eq(payments.subjectId, order.id)).all()).toMatchObject([
          { status: "succeeded", capturedFen: 3000 },
        ]);
        expect(server.db.select().from(accountEntries).where(eq(accountEntries.orderId, order.id)).all()).toMatchObject(
          [{ kind: "payment", method: "online", amountFen: -3000 }],
        );
      } finally {
        await phone.close();
      }
    },
  );
});
