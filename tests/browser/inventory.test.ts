import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays } from "../../app/domain/dates";
import { newId } from "../../app/domain/ids.server";
import { receiveStock } from "../../app/domain/inventory/receive-stock.server";
import type { Ctx } from "../../app/domain/context.server";
import { addMember, makeOrg, makeProduct, makeUser, uniqueBarcode, uniquePhone } from "../support/factories";
import { ledgerViolations } from "../support/ledger";
import { TEST_OUTPUT } from "../support/paths";
import { logInAs, openPhone, overflowsHorizontally, screenshot, type Phone } from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";
import { pinnedClock, PINNED_TODAY } from "../support/clock";

/**
 * The foundation's core flow on a phone, once with JavaScript and once without: a shopkeeper
 * who runs two stores logs in, switches store from the header, finds noodles by pinyin
 * initials, scans a barcode into the search box (a USB/Bluetooth scanner types the digits and
 * Enter), receives two cases with a batch and an expiry, writes off damaged bags, counts the
 * shelf, and reads every movement back in the product's history.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const path_ = (page: Page) => new URL(page.url()).pathname;

/** Someone who owns two stores in 张庄/杨庄, with a few products on the second one's shelves. */
async function ownerOfTwoStores() {
  const user = await makeUser(server.db, { name: "张秀兰" });
  const first = makeOrg(server.db, "store", { name: "张庄村便民超市" });
  const second = makeOrg(server.db, "store", { name: "杨庄村小卖部" });
  addMember(server.db, first.id, user.id, "owner");
  addMember(server.db, second.id, user.id, "owner");
  const ctxOf = (org: typeof first): Ctx => ({
    db: server.db,
    actor: { kind: "person", id: user.id, name: user.name, phone: user.phone },
    org,
    role: "owner",
    locale: "zh-CN",
    clock: pinnedClock(),
  });
  const shop = ctxOf(second);
  const noodles = makeProduct(shop, { name: "康师傅红烧牛肉面 105g", costFen: 0, reorderPoint: 12 });
  const tea = makeProduct(shop, {
    name: "康师傅冰红茶 500ml",
    category: "饮料",
    baseUnit: "瓶",
    packSize: 15,
    priceFen: 300,
    costFen: 190,
  });
  const water = makeProduct(shop, {
    name: "农夫山泉 550ml",
    category: "饮料",
    baseUnit: "瓶",
    priceFen: 200,
    costFen: 120,
  });
  const sausage = makeProduct(shop, {
    name: "双汇王中王火腿肠 10支",
    category: "休闲零食",
    packSize: 20,
    priceFen: 1_000,
    costFen: 780,
  });
  const baixiang = makeProduct(shop, { name: "白象大骨面 75g", priceFen: 350, costFen: 260 });
  const today = PINNED_TODAY;
  for (const [p, qty, expiry] of [
    [tea, 2, addDays(today, 200)],
    [water, 1, addDays(today, 300)],
    [sausage, 1, addDays(today, 20)],
    [baixiang, 0, ""],
  ] as const) {
    if (qty > 0)
      receiveStock(shop, p.id, {
        requestId: newId(),
        qty,
        unit: "pack",
        costFen: undefined,
        batchNo: "",
        expiryDate: expiry,
      });
  }
  // The first store sells 康师傅 too: after switching, its product must not show up.
  makeProduct(ctxOf(first), { name: "康师傅鲜虾鱼板面 98g" });
  return { user, first, second, noodles };
}

/** Waits for a navigation that the click starts (a document load without JS, a fetch with it). */
async function clickAndWait(page: Page, click: () => Promise<void>, url: (u: URL) => boolean) {
  await Promise.all([page.waitForURL(url), click()]);
}

/** What the docs show: one phone screen (390 × 844 CSS px, the viewport only), one image pixel per CSS pixel. */
async function docsShot(page: Page, name: string) {
  const dir = path.join(TEST_OUTPUT, "docs-screenshots");
  fs.mkdirSync(dir, { recursive: true });
  // Top of the page, and no caret or selection: what a shopkeeper sees on opening it.
  await page.evaluate(() => {
    window.scrollTo(0, 0);
    (document.activeElement as HTMLElement | null)?.blur();
  });
  await page.screenshot({ path: path.join(dir, `${name}.png`), scale: "css" });
}

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? "js-on" : "js-off";

  describe(`on a phone with JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    it("switches store, finds by pinyin and by scan, receives, adjusts, counts and shows the history", async () => {
      const { user, first, second, noodles } = await ownerOfTwoStores();
      const phone: Phone = await openPhone({ javaScriptEnabled });
      const { page } = phone;
      const shot = (step: string) => screenshot(page, `inventory-${mode}-${step}`);
      try {
        // Two stores and none chosen yet: the chooser.
        await logInAs(page, server.url, user.phone, user.password);
        expect(path_(page)).toBe("/orgs");
        await clickAndWait(
          page,
          () => page.getByRole("button", { name: new RegExp(first.name) }).click(),
          (u) => u.pathname === "/store",
        );
        await page.getByRole("heading", { name: first.name, level: 1 }).waitFor();

        // Switch from the header: the store's name is the switcher.
        await clickAndWait(
          page,
          () => page.getByRole("link", { name: new RegExp(`切换门店.*${first.name}`) }).click(),
          (u) => u.pathname === "/orgs",
        );
        await shot("01-orgs");
        await clickAndWait(
          page,
          () => page.getByRole("button", { name: new RegExp(second.name) }).click(),
          (u) => u.pathname === "/store",
        );
        await page.getByRole("heading", { name: second.name, level: 1 }).waitFor();
        await expect.poll(() => page.getByRole("link", { name: /切换门店/ }).textContent()).toContain(second.name);
        await shot("02-store-home");
        if (javaScriptEnabled) await docsShot(page, "store-home");

        // Pinyin initials: "ksf" is 康师傅 — this store's two, not the other store's.
        await clickAndWait(
          page,
          () => page.getByRole("navigation", { name: "门店菜单" }).getByRole("link", { name: "商品" }).click(),
          (u) => u.pathname === "/store/products",
        );
        const search = page.getByRole("searchbox", { name: "查找商品" });
        await search.fill("ksf");
        await clickAndWait(
          page,
          () => search.press("Enter"),
          (u) => u.searchParams.get("q") === "ksf",
        );
        const results = page.getByRole("main").getByRole("listitem");
        await expect.poll(() => results.count()).toBe(2);
        expect(await results.allTextContents()).toEqual([
          expect.stringContaining("康师傅冰红茶"),
          expect.stringContaining("康师傅红烧牛肉面"),
        ]);
        expect(await page.getByText("康师傅鲜虾鱼板面").count()).toBe(0);
        await shot("03-search-pinyin");
        if (javaScriptEnabled) await docsShot(page, "products-search");

        // A scanner: back to the plain list, where the box has the focus already; it types the
        // code and Enter, and the product opens directly.
        await clickAndWait(
          page,
          () => page.getByRole("navigation", { name: "门店菜单" }).getByRole("link", { name: "商品" }).click(),
          (u) => u.pathname === "/store/products" && !u.search,
        );
        await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("q");
        await expect.poll(() => search.inputValue()).toBe("");
        await page.keyboard.type(noodles.barcode ?? "");
        await clickAndWait(
          page,
          () => page.keyboard.press("Enter"),
          (u) => u.pathname === `/store/products/${noodles.id}`,
        );
        await page.getByRole("heading", { name: noodles.name, level: 1 }).waitFor();
        await expect.poll(() => page.getByTestId("on-hand").textContent()).toBe("0袋");
        await shot("04-scanned");

        // Receive two cases (24 bags each) with a batch and an expiry date.
        const expiry = addDays(PINNED_TODAY, 180);
        await clickAndWait(
          page,
          () => page.getByRole("link", { name: "进货入库" }).click(),
          (u) => u.pathname.endsWith("/receive"),
        );
        await page.getByText("现有库存 0袋").waitFor();
        await page.getByText("这个商品还没有进价记录").waitFor();
        await page.getByLabel("数量").fill("2");
        await page.getByLabel("单位", { exact: true }).selectOption("pack");
        await page.getByLabel("进价").fill("76.80");
        await page.getByLabel("批号").fill("B20260601");
        await page.getByLabel("保质期至").fill(expiry);
        expect(await overflowsHorizontally(page)).toBe(false);
        await shot("05-receive-form");
        if (javaScriptEnabled) await docsShot(page, "receive");
        await clickAndWait(
          page,
          () => page.getByRole("button", { name: "确认入库" }).click(),
          (u) => u.searchParams.get("done") === "received",
        );
        await page.getByRole("status").filter({ hasText: "已入库 2箱（共 48袋）" }).waitFor();
        await expect.poll(() => page.getByTestId("on-hand").textContent()).toBe("48袋");
        const history = page.getByTestId("movements").getByRole("listitem");
        await expect.poll(() => history.count()).toBe(1);
        expect(await history.first().textContent()).toMatch(
          new RegExp(`进货.*批号 B20260601.*${expiry} 到期.*\\+48袋.*¥3\\.20/袋`),
        );
        await shot("06-received");

        // Three bags crushed in the case.
        await clickAndWait(
          page,
          () => page.getByRole("link", { name: "库存调整" }).click(),
          (u) => u.pathname.endsWith("/adjust"),
        );
        await page.getByText("现有库存 48袋").waitFor();
        await page.getByLabel("损坏").check();
        await page.getByLabel("数量").fill("3");
        await page.getByLabel("备注").fill("箱子压坏了");
        await shot("07-adjust-form");
        await clickAndWait(
          page,
          () => page.getByRole("button", { name: "确认调整" }).click(),
          (u) => u.searchParams.get("done") === "adjusted",
        );
        await page.getByRole("status").filter({ hasText: "已记录损坏：-3袋" }).waitFor();
        await expect.poll(() => page.getByTestId("on-hand").textContent()).toBe("45袋");

        // Count the shelf: 40 bags where the book says 45.
        await clickAndWait(
          page,
          () => page.getByRole("navigation", { name: "门店菜单" }).getByRole("link", { name: "盘点" }).click(),
          (u) => u.pathname === "/store/count",
        );
        const row = page.getByRole("main").getByRole("listitem").filter({ hasText: noodles.name });
        await row.getByText("账面 45袋").waitFor();
        await row.getByLabel("实盘（袋）").fill("40");
        await page
          .getByRole("main")
          .getByRole("listitem")
          .filter({ hasText: "康师傅冰红茶" })
          .getByRole("textbox")
          .fill("30");
        expect(await overflowsHorizontally(page)).toBe(false);
        await shot("08-count-form");
        if (javaScriptEnabled) await docsShot(page, "count");
        await clickAndWait(
          page,
          () => page.getByRole("button", { name: "提交盘点" }).click(),
          (u) => u.searchParams.has("done"),
        );
        await page.getByRole("status").filter({ hasText: "盘点完成：2 种商品，1 种有差异" }).waitFor();
        await row.getByText("账面 40袋").waitFor();
        await shot("09-counted");

        // Back to the product by pinyin of its full name; every movement is there, newest first.
        await clickAndWait(
          page,
          () => page.getByRole("navigation", { name: "门店菜单" }).getByRole("link", { name: "商品" }).click(),
          (u) => u.pathname === "/store/products",
        );
        await search.fill("hongshao");
        await clickAndWait(
          page,
          () => search.press("Enter"),
          (u) => u.searchParams.get("q") === "hongshao",
        );
        await clickAndWait(
          page,
          () => page.getByRole("link", { name: new RegExp(noodles.name) }).click(),
          (u) => u.pathname === `/store/products/${noodles.id}`,
        );
        await expect.poll(() => page.getByTestId("on-hand").textContent()).toBe("40袋");
        await expect.poll(() => history.count()).toBe(3);
        const lines = await history.allTextContents();
        expect(lines[0]).toMatch(/^盘点.*-5袋/);
        expect(lines[1]).toMatch(/^调整 · 损坏.*箱子压坏了.*-3袋/);
        expect(lines[2]).toMatch(/^进货.*B20260601.*\+48袋/);
        expect(await page.locator("section", { hasText: "批次" }).textContent()).toMatch(/B20260601.*40袋/);
        expect(await overflowsHorizontally(page)).toBe(false);
        await shot("10-history");
        if (javaScriptEnabled) await docsShot(page, "product-detail");
        expect(ledgerViolations(server.db)).toEqual([]);

        // The same page in English, and back.
        await clickAndWait(
          page,
          () => page.getByRole("button", { name: /English/ }).click(),
          (u) => u.pathname === `/store/products/${noodles.id}`,
        );
        await page.getByRole("heading", { name: "Stock movements" }).waitFor();
        expect(await page.getByText("On hand", { exact: true }).count()).toBe(1);
        expect(await page.getByRole("link", { name: "Receive stock" }).count()).toBe(1);
        // The menu comes after the content in the document: wait until it has been parsed too.
        await page
          .getByRole("navigation", { name: "Store menu" })
          .getByRole("link", { name: /Account/ })
          .waitFor();
        expect(await page.getByRole("navigation", { name: "Store menu" }).getByRole("link").allTextContents()).toEqual(
          expect.arrayContaining(
            ["Home", "Products", "Count", "Staff", "Account"].map((label) => expect.stringContaining(label)),
          ),
        );
        const englishHistory = await history.allTextContents();
        expect(englishHistory[1]).toMatch(/^Adjustment · Damaged/);
        expect(await overflowsHorizontally(page)).toBe(false);
        await shot("11-english");
        await clickAndWait(
          page,
          () => page.getByRole("button", { name: /中文/ }).click(),
          (u) => u.pathname === `/store/products/${noodles.id}`,
        );
        await page.getByRole("heading", { name: "出入库记录" }).waitFor();
      } finally {
        await phone.close();
      }
    });

    it("offers an unknown scanned code as a new product, and the next scan finds it", async () => {
      const { user, second } = await ownerOfTwoStores();
      const phone = await openPhone({ javaScriptEnabled });
      const { page } = phone;
      const code = uniqueBarcode();
      try {
        await logInAs(page, server.url, user.phone, user.password);
        await clickAndWait(
          page,
          () => page.getByRole("button", { name: new RegExp(second.name) }).click(),
          (u) => u.pathname === "/store",
        );
        // From the home page's box, a scan means "receive this".
        await page.getByRole("searchbox", { name: /进货/ }).click();
        await page.keyboard.type(code);
        await clickAndWait(
          page,
          () => page.keyboard.press("Enter"),
          (u) => u.pathname === "/store/products",
        );
        await page.getByText(`没有条码为 ${code} 的商品。`).waitFor();
        await clickAndWait(
          page,
          () => page.getByRole("link", { name: "用这个条码新增商品" }).click(),
          (u) => u.pathname === "/store/products/new",
        );
        expect(await page.getByLabel("条码").inputValue()).toBe(code);
        await page.getByLabel("名称").fill("今麦郎一菜一面 酸菜牛肉");
        await page.getByLabel("分类").fill("方便食品");
        await page.getByLabel("基本单位").fill("桶");
        await page.getByLabel("整件单位").fill("箱");
        await page.getByLabel("每件数量").fill("12");
        await page.getByLabel("售价").fill("4.5");
        await screenshot(page, `new-product-from-scan-${mode}`);
        await clickAndWait(
          page,
          () => page.getByRole("button", { name: "保存" }).click(),
          (u) => u.searchParams.get("done") === "saved",
        );
        await page.getByRole("status").filter({ hasText: "已保存" }).waitFor();

        // A scan onto the end of the last search still in the box (nothing clears it without
        // JavaScript) still opens the product.
        await clickAndWait(
          page,
          () => page.getByRole("navigation", { name: "门店菜单" }).getByRole("link", { name: "商品" }).click(),
          (u) => u.pathname === "/store/products",
        );
        const search = page.getByRole("searchbox", { name: "查找商品" });
        await search.fill("jml");
        await clickAndWait(
          page,
          () => search.press("Enter"),
          (u) => u.searchParams.get("q") === "jml",
        );
        await page.getByRole("link", { name: /今麦郎一菜一面/ }).waitFor();
        await search.click();
        await search.press("End");
        await page.keyboard.type(code);
        await clickAndWait(
          page,
          () => page.keyboard.press("Enter"),
          (u) => /^\/store\/products\/[^/]+$/.test(u.pathname) && u.pathname !== "/store/products/new",
        );
        await page.getByRole("heading", { name: "今麦郎一菜一面 酸菜牛肉", level: 1 }).waitFor();

        // The home box again: now the code opens the receive form directly.
        await clickAndWait(
          page,
          () => page.getByRole("navigation", { name: "门店菜单" }).getByRole("link", { name: "首页" }).click(),
          (u) => u.pathname === "/store",
        );
        await page.getByRole("searchbox", { name: /进货/ }).click();
        await page.keyboard.type(code);
        await clickAndWait(
          page,
          () => page.keyboard.press("Enter"),
          (u) => u.pathname.endsWith("/receive"),
        );
        await page.getByText("今麦郎一菜一面 酸菜牛肉").waitFor();
        expect(await page.getByLabel("单位", { exact: true }).inputValue()).toBe("pack");
      } finally {
        await phone.close();
      }
    });

    it("signs up, opens a first store with its county code, and lands on the store", async () => {
      const phone = await openPhone({ javaScriptEnabled });
      const { page } = phone;
      const mobile = uniquePhone();
      try {
        await page.goto(`${server.url}/login`);
        await clickAndWait(
          page,
          () => page.getByRole("link", { name: /注册/ }).click(),
          (u) => u.pathname === "/signup",
        );
        await page.getByLabel("姓名").fill("李桂芳");
        await page.getByLabel("手机号").fill(mobile);
        await page.getByLabel("密码").fill("zhangzhuang88");
        await screenshot(page, `signup-${mode}-01-form`);
        await clickAndWait(
          page,
          () => page.getByRole("button", { name: "注册" }).click(),
          (u) => u.pathname === "/orgs",
        );
        await page.getByText("你还没有加入任何门店或组织。").waitFor();
        await clickAndWait(
          page,
          () => page.getByRole("link", { name: "开一家店" }).click(),
          (u) => u.pathname === "/orgs/new-store",
        );

        await page.getByLabel("店名").fill("李庄村便民店");
        await page.getByLabel("省").fill("河南省");
        await page.getByLabel("市", { exact: true }).fill("开封市");
        await page.getByLabel("县（区）").fill("兰考县");
        await page.getByLabel("乡镇").fill("东坝头镇");
        await page.getByLabel("村", { exact: true }).fill("李庄村");
        // A digit short first: the form says why and keeps what was typed.
        await page.getByLabel("县级行政区划代码").fill("41022");
        await page.getByRole("button", { name: "创建门店" }).click();
        await page.getByRole("alert").filter({ hasText: "县级代码是 6 位数字" }).waitFor();
        expect(await page.getByLabel("店名").inputValue()).toBe("李庄村便民店");
        expect(await overflowsHorizontally(page)).toBe(false);
        await screenshot(page, `signup-${mode}-02-store-error`);
        await page.getByLabel("县级行政区划代码").fill("410225");
        await clickAndWait(
          page,
          () => page.getByRole("button", { name: "创建门店" }).click(),
          (u) => u.pathname === "/store",
        );
        await page.getByRole("heading", { name: "李庄村便民店", level: 1 }).waitFor();
        await expect.poll(() => page.getByRole("link", { name: /切换门店/ }).textContent()).toContain("李庄村便民店");
        await screenshot(page, `signup-${mode}-03-store-home`);
      } finally {
        await phone.close();
      }
    });
  });
}

it("shows the log-in page as the docs picture it", async () => {
  const phone = await openPhone();
  try {
    await phone.page.goto(`${server.url}/login`);
    await phone.page.getByRole("heading", { name: "登录" }).waitFor();
    await docsShot(phone.page, "login");
  } finally {
    await phone.close();
  }
});
