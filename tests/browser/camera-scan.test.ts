import fs from "node:fs";
import type { Page, Request } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "~/domain/context.server";
import { newId } from "~/domain/ids.server";
import { normaliseBarcode } from "~/domain/inventory/barcode";
import { getProductDetail } from "~/domain/inventory/get-product.server";
import { receiveStock } from "~/domain/inventory/receive-stock.server";
import { listSales } from "~/domain/sales/list-sales.server";
import {
  OFFLINE_NOISE,
  logInAs,
  openPhone,
  overflowsHorizontally,
  recordPageErrors,
  screenshot,
  type Phone,
} from "../support/browser";
import { barcodeVideo, fakeCameraArgs, retailCode, type RetailFormat } from "../support/fake-camera";
import { makeProduct, makeStore } from "../support/factories";
import { sellScreenUnderWorker } from "../support/offline-phone";
import { startTestServer, type TestServer } from "../support/server";

/**
 * Camera scanning for real: bwip-js draws the barcode, ffmpeg turns it into the video Chromium
 * plays as the phone's camera, and the page decodes it. Chromium on Linux has no BarcodeDetector,
 * so this is the zxing-wasm path, its .wasm served by the app itself (the machine has no
 * internet, which also proves the app asks no CDN for it).
 */

let server: TestServer;
let ctx: Ctx;
let user: { phone: string; password: string };

beforeAll(async () => {
  server = await startTestServer();
  const store = await makeStore(server.db);
  ctx = store.ctx;
  user = store.user;
  // A dozen products that sort first fill the sell page's quick grid (a store without sales history
  // shows the first twelve by pinyin), so the camera's product is not on the page: as in a real shop,
  // the scan goes to the server, which adds it by its barcode.
  for (let i = 1; i <= 12; i++) makeProduct(ctx, { name: `阿尔卑斯棒棒糖 ${i} 号`, priceFen: 50 });
});
afterAll(() => server?.stop());

const pageErrors: string[] = [];
afterEach(() => {
  const errors = pageErrors.splice(0);
  expect(errors, `errors in the browser: ${errors.join(" | ")}`).toEqual([]);
});

const onHand = (id: string) => getProductDetail(ctx, id).product.onHand;

/** A product whose printed code is `format`, with 20 on the shelf. */
function stocked(name: string, format: RetailFormat) {
  const code = retailCode(format);
  // Stored as the product form stores it (a UPC-A as its EAN-13 twin); the camera reads what is printed.
  const product = makeProduct(ctx, {
    name,
    barcode: normaliseBarcode(code),
    priceFen: 350,
    baseUnit: "瓶",
    packUnit: null,
    packSize: 1,
  });
  receiveStock(ctx, product.id, {
    requestId: newId(),
    qty: 20,
    unit: "base",
    costFen: 200,
    batchNo: "",
    expiryDate: "",
  });
  return { ...product, code };
}

type CameraPhone = Phone & { requests: string[] };

/** A phone whose camera sees the printed `code`, logged in, every request it makes recorded. */
async function phoneFilming(format: RetailFormat, code: string, errors = pageErrors): Promise<CameraPhone> {
  const video = await barcodeVideo(format, code);
  const phone = await openPhone({ args: fakeCameraArgs(video) });
  recordPageErrors(phone.page, errors);
  const requests: string[] = [];
  phone.page.on("request", (r: Request) => requests.push(r.url()));
  await logInAs(phone.page, server.url, user.phone, user.password);
  const close = async () => {
    await phone.close();
    // 4.6 MB each; the PNG beside it stays for a look.
    fs.rmSync(video, { force: true });
  };
  return { ...phone, close, requests };
}

const decoderRequests = (requests: string[]) => requests.filter((u) => /zxing|\.wasm/.test(u));

/** Opens `path`, checks nothing of the decoder came with it, and taps the camera button. */
async function openCamera(phone: CameraPhone, path: string) {
  const { page } = phone;
  await page.goto(`${server.url}${path}`);
  await page.waitForLoadState("networkidle");
  expect(decoderRequests(phone.requests), "the decoder loads only when the camera opens").toEqual([]);
  const button = page.getByRole("button", { name: "用摄像头扫码" });
  const box = await button.boundingBox();
  expect(box && box.width >= 44 && box.height >= 44, "camera button is a thumb-sized target").toBe(true);
  await button.click();
}

/** The decoder came from this server (no CDN) and the page ran on it. */
function expectDecoderFromOwnOrigin(requests: string[]) {
  const decoder = decoderRequests(requests);
  expect(decoder.some((u) => /\/build\/_assets\/zxing_reader-[\w-]+\.wasm$/.test(u))).toBe(true);
  expect(decoder.every((u) => u.startsWith(server.url))).toBe(true);
  expect(requests.filter((u) => !u.startsWith(server.url) && !u.startsWith("data:"))).toEqual([]);
}

/** The build files the service worker holds, by path. */
async function cachedBuildFiles(): Promise<string[]> {
  const files: string[] = [];
  for (const name of await caches.keys())
    for (const request of await (await caches.open(name)).keys()) files.push(new URL(request.url).pathname);
  return files.filter((f) => f.startsWith("/build/"));
}

async function waitForPath(page: Page, test: (url: URL) => boolean) {
  await page.waitForURL((url) => test(url), { timeout: 30_000 });
}

describe("camera scanning (zxing-wasm on Chromium's fake camera)", () => {
  it("sell: an EAN-13 read by the camera goes into the cart and the sale completes", async () => {
    const cola = stocked("可口可乐 500ml", "ean13");
    const phone = await phoneFilming("ean13", cola.code);
    const { page } = phone;
    try {
      await openCamera(phone, "/store/sell");
      expect(await page.getByText("可口可乐 500ml").count()).toBe(0);
      // The panel shows the camera while it looks; the code closes it, goes to the server with the
      // scan field's form and comes back as a line of the cart.
      await waitForPath(page, (u) => u.searchParams.get("q") === cola.code);
      await page.getByTestId("total").filter({ hasText: "¥3.50" }).waitFor({ timeout: 30_000 });
      await expect.poll(() => page.getByRole("dialog").count()).toBe(0);
      expectDecoderFromOwnOrigin(phone.requests);
      await page.getByRole("button", { name: "现金", exact: true }).click();
      expect(await overflowsHorizontally(page)).toBe(false);
      await screenshot(page, "camera-sell-cart");
      await page.getByRole("button", { name: /^确认收款/ }).click();
      await page.getByText("已收款 ¥3.50").waitFor();
      expect(onHand(cola.id)).toBe(19);
      const sales = listSales(ctx, {}).items.filter((s) => s.totalFen === 350);
      expect(sales).toHaveLength(1);
    } finally {
      await phone.close();
    }
  });

  it("offline: the decoder is not precached, is kept once the camera has opened, and then scans with no signal", async () => {
    const sprite = stocked("雪碧 500ml", "ean13");
    // Offline, the page's failed fetches are logged as the app expects (checked at the end).
    const errors: string[] = [];
    const phone = await phoneFilming("ean13", sprite.code, errors);
    const { page, context } = phone;
    const cached = () => page.evaluate(cachedBuildFiles);
    try {
      // The worker installs and controls the next load; the phone's copy of the catalog is stored.
      await sellScreenUnderWorker(page, server.url);
      // Precached: the sell screen's lazy sync runtime and the camera panel, not the decoder.
      await expect
        .poll(async () => (await cached()).some((f) => /\/camera-panel-[\w-]+\.js$/.test(f)), { timeout: 45_000 })
        .toBe(true);
      expect((await cached()).some((f) => /\/runtime\.client-[\w-]+\.js$/.test(f))).toBe(true);
      expect((await cached()).filter((f) => /zxing|\.wasm$/.test(f))).toEqual([]);

      // With a signal, the camera's first opening fetches the decoder, and the worker keeps it.
      await page.getByRole("button", { name: "用摄像头扫码" }).click();
      await page.getByTestId("total").filter({ hasText: "¥3.50" }).waitFor({ timeout: 30_000 });
      await expect.poll(async () => (await cached()).some((f) => /\.wasm$/.test(f)), { timeout: 30_000 }).toBe(true);

      // No signal: the shell sells from the phone's copy, and the camera still reads the code.
      await context.setOffline(true);
      await page.goto(`${server.url}/store/sell`);
      await page.getByText("离线中：销售先记在手机上，联网后自动同步").waitFor();
      await expect.poll(() => page.getByTestId("total").filter({ hasText: "¥3.50" }).count()).toBe(0);
      await page.getByRole("button", { name: "用摄像头扫码" }).click();
      await page.getByTestId("total").filter({ hasText: "¥3.50" }).waitFor({ timeout: 30_000 });
      await expect.poll(() => page.getByRole("dialog").count()).toBe(0);
      await screenshot(page, "camera-sell-offline");
      const faults = errors.filter((e) => !OFFLINE_NOISE.test(e));
      expect(faults, `errors in the browser: ${faults.join(" | ")}`).toEqual([]);
    } finally {
      await context.setOffline(false);
      await phone.close();
    }
  });

  it("receive: an EAN-8 read on the home page's 进货 box opens that product's receiving form", async () => {
    const gum = stocked("绿箭口香糖", "ean8");
    const phone = await phoneFilming("ean8", gum.code);
    const { page } = phone;
    try {
      await openCamera(phone, "/store");
      await waitForPath(page, (u) => u.pathname === `/store/products/${gum.id}/receive`);
      expectDecoderFromOwnOrigin(phone.requests);
      await page.getByLabel("数量").fill("12");
      await screenshot(page, "camera-receive");
      await Promise.all([
        waitForPath(page, (u) => u.searchParams.get("done") === "received"),
        page.getByRole("button", { name: "确认入库" }).click(),
      ]);
      expect(onHand(gum.id)).toBe(32);
    } finally {
      await phone.close();
    }
  });

  it("receive page: on one product's receiving form, the camera opens the next product's", async () => {
    const rice = stocked("金龙鱼大米 5kg", "ean13");
    const tea = stocked("康师傅冰红茶", "ean8");
    const phone = await phoneFilming("ean8", tea.code);
    const { page } = phone;
    try {
      await openCamera(phone, `/store/products/${rice.id}/receive`);
      await page.getByText("下一件：扫码进货").waitFor();
      await waitForPath(page, (u) => u.pathname === `/store/products/${tea.id}/receive`);
      expectDecoderFromOwnOrigin(phone.requests);
      await page.getByText("康师傅冰红茶").first().waitFor();
      await page.getByLabel("数量").fill("6");
      expect(await overflowsHorizontally(page)).toBe(false);
      await screenshot(page, "camera-receive-next");
      await Promise.all([
        waitForPath(page, (u) => u.searchParams.get("done") === "received"),
        page.getByRole("button", { name: "确认入库" }).click(),
      ]);
      expect(onHand(tea.id)).toBe(26);
      expect(onHand(rice.id)).toBe(20);
    } finally {
      await phone.close();
    }
  });

  it("stock count: a UPC-A read by the camera finds its product, ready for the counted figure", async () => {
    const soap = stocked("舒肤佳香皂", "upca");
    expect(soap.code).toHaveLength(12);
    const phone = await phoneFilming("upca", soap.code);
    const { page } = phone;
    try {
      await openCamera(phone, "/store/count");
      // The 12 printed digits arrive as the shop stores them, the EAN-13 twin.
      await waitForPath(page, (u) => u.searchParams.get("q") === `0${soap.code}`);
      expectDecoderFromOwnOrigin(phone.requests);
      const rows = page.getByRole("list", { name: "要盘点的商品" }).getByRole("listitem");
      await expect.poll(() => rows.count()).toBe(1);
      const counted = rows.first().getByLabel("实盘（瓶）");
      await expect.poll(() => counted.evaluate((el) => el === document.activeElement)).toBe(true);
      await page.keyboard.type("17");
      await screenshot(page, "camera-count");
      await Promise.all([
        waitForPath(page, (u) => u.searchParams.has("done")),
        page.getByRole("button", { name: "提交盘点" }).click(),
      ]);
      await page.getByRole("status").filter({ hasText: "盘点完成：1 种商品，1 种有差异" }).waitFor();
      expect(onHand(soap.id)).toBe(17);
    } finally {
      await phone.close();
    }
  });
});
