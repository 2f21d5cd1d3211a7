import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "~/domain/context.server";
import { creditBook } from "~/domain/credit/balances.server";
import { getCustomer } from "~/domain/credit/get-customer.server";
import { newId } from "~/domain/ids.server";
import { getProductDetail } from "~/domain/inventory/get-product.server";
import { receiveStock } from "~/domain/inventory/receive-stock.server";
import { getSale } from "~/domain/sales/get-sale.server";
import { listSales } from "~/domain/sales/list-sales.server";
import { recordSale } from "~/domain/sales/record-sale.server";
import { makeProduct, makeStore } from "../support/factories";
import { hiddenValue, inputValue, shows, visibleHtml } from "../support/html";
import { ledgerViolations } from "../support/ledger";
import { creditViolations, saleStockViolations } from "../support/sales";
import { Client, startTestServer, type TestServer } from "../support/server";
import { dbSnapshot } from "../support/snapshot";

let server: TestServer;
let ctx: Ctx;
let client: Client;
let noodles: ReturnType<typeof makeProduct>;
let water: ReturnType<typeof makeProduct>;

beforeAll(async () => {
  server = await startTestServer();
  const store = await makeStore(server.db);
  ctx = store.ctx;
  noodles = makeProduct(ctx, { name: "白象红烧牛肉面", priceFen: 450 });
  water = makeProduct(ctx, { name: "娃哈哈纯净水", priceFen: 150 });
  for (const p of [noodles, water]) {
    receiveStock(ctx, p.id, { requestId: newId(), qty: 20, unit: "base", costFen: 100, batchNo: "", expiryDate: "" });
  }
  client = new Client(server.url);
  await client.logIn(store.user.phone, store.user.password);
});
afterAll(() => server?.stop());

const onHand = (id: string) => getProductDetail(ctx, id).product.onHand;

async function freshSaleId(): Promise<string> {
  const res = await client.get("/store/sell");
  expect(res.status).toBe(200);
  return hiddenValue(await res.text(), "saleId");
}

function sellForm(saleId: string, lines: [string, number][], extra: Record<string, string> = {}) {
  const form: Record<string, string> = { saleId, ...extra };
  for (const [id, qty] of lines) form[`line.${id}`] = String(qty);
  return form;
}

async function expectNothingWritten(post: () => Promise<Response>, status: number) {
  const before = dbSnapshot(server.db);
  const res = await post();
  expect(res.status).toBe(status);
  expect(dbSnapshot(server.db)).toEqual(before);
  return res;
}

describe("selling over HTTP (a browser with JavaScript off)", () => {
  it("builds the cart from the form: tap to add, +/-, and a scanned barcode adds directly", async () => {
    const cart = newId();
    const tapped = await client.get(`/store/sell?add=${noodles.id}`);
    expect(inputValue(await tapped.text(), `line.${noodles.id}`)).toBe("1");
    const more = await client.get(`/store/sell?line.${noodles.id}=1&inc=${noodles.id}&sale=${cart}`);
    expect(inputValue(await more.text(), `line.${noodles.id}`)).toBe("2");
    const scanned = await client.get(`/store/sell?line.${noodles.id}=2&q=${water.barcode}&sale=${cart}`);
    const html = await scanned.text();
    expect(inputValue(html, `line.${noodles.id}`)).toBe("2");
    expect(inputValue(html, `line.${water.id}`)).toBe("1");
    const less = await client.get(`/store/sell?line.${noodles.id}=1&dec=${noodles.id}&sale=${cart}`);
    expect(inputValue(await less.text(), `line.${noodles.id}`)).toBeNull();
    const searched = await (await client.get(`/store/sell?q=${encodeURIComponent("白象")}`)).text();
    expect(visibleHtml(searched)).toContain(`name="add" value="${noodles.id}"`);
    expect(await (await client.get(`/store/sell?tender=cash&line.${noodles.id}=1&sale=${cart}`)).text()).toContain(
      'name="cashReceived"',
    );
  });

  it("records a cash sale with change, once however often it is posted", async () => {
    const saleId = await freshSaleId();
    const form = sellForm(
      saleId,
      [
        [noodles.id, 2],
        [water.id, 1],
      ],
      { tender: "cash", cashReceived: "20" },
    );
    const before = [onHand(noodles.id), onHand(water.id)];
    const res = await client.post(`/store/sell?line.${noodles.id}=2&line.${water.id}=1&tender=cash`, form);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/store/sell?done=${saleId}`);
    const again = await client.post("/store/sell", form);
    expect(again.status).toBe(302);
    expect(again.headers.get("location")).toBe(`/store/sell?done=${saleId}`);
    expect(listSales(ctx).items.filter((s) => s.id === saleId)).toHaveLength(1);
    expect([onHand(noodles.id), onHand(water.id)]).toEqual([before[0] - 2, before[1] - 1]);
    expect(getSale(ctx, saleId).sale).toMatchObject({
      totalFen: 1050,
      cashReceivedFen: 2000,
      changeFen: 950,
      tender: "cash",
    });
    const done = await (await client.get(`/store/sell?done=${saleId}`)).text();
    expect(visibleHtml(done)).toContain("找零 ¥9.50");
    expect(ledgerViolations(server.db)).toEqual([]);
  });

  it("voids a sale from its page and puts the stock back", async () => {
    const saleId = await freshSaleId();
    const before = onHand(noodles.id);
    await client.post("/store/sell", sellForm(saleId, [[noodles.id, 3]], { tender: "wechat" }));
    expect(onHand(noodles.id)).toBe(before - 3);
    const page = await (await client.get(`/store/sales/${saleId}`)).text();
    const requestId = hiddenValue(page, "requestId");
    const res = await client.post(`/store/sales/${saleId}`, { intent: "void", requestId });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/store/sales/${saleId}?done=void`);
    expect(onHand(noodles.id)).toBe(before);
    expect(getSale(ctx, saleId).sale.status).toBe("voided");
    // A second void is refused with a message, and writes nothing.
    const html = await (
      await expectNothingWritten(
        () => client.post(`/store/sales/${saleId}`, { intent: "void", requestId: newId() }),
        409,
      )
    ).text();
    expect(shows(html, "这笔销售已经作废了。")).toBe(true);
  });

  it("takes a partial return per line, and refuses more than is left", async () => {
    const saleId = await freshSaleId();
    await client.post(
      "/store/sell",
      sellForm(
        saleId,
        [
          [noodles.id, 2],
          [water.id, 2],
        ],
        { tender: "alipay" },
      ),
    );
    const before = onHand(water.id);
    const [, waterLine] = getSale(ctx, saleId).lines;
    const page = await (await client.get(`/store/sales/${saleId}`)).text();
    const res = await client.post(`/store/sales/${saleId}`, {
      intent: "return",
      requestId: hiddenValue(page, "requestId"),
      [`return.${waterLine.id}`]: "1",
    });
    expect(res.status).toBe(302);
    expect(onHand(water.id)).toBe(before + 1);
    expect(getSale(ctx, saleId).lines[1].returnedQty).toBe(1);
    const refused = await expectNothingWritten(
      () =>
        client.post(`/store/sales/${saleId}`, {
          intent: "return",
          requestId: newId(),
          [`return.${waterLine.id}`]: "2",
        }),
      400,
    );
    expect(shows(await refused.text(), "最多能退 1")).toBe(true);
    expect(saleStockViolations(server.db)).toEqual([]);
  });

  it("records a credit sale on a customer named at the counter, then a repayment", async () => {
    const saleId = await freshSaleId();
    const res = await client.post(
      "/store/sell",
      sellForm(saleId, [[noodles.id, 4]], { tender: "credit", customerName: "王婶" }),
    );
    expect(res.status).toBe(302);
    const [account] = creditBook(ctx).owing;
    expect(account).toMatchObject({ name: "王婶", balanceFen: 1800 });
    const book = await (await client.get("/store/customers")).text();
    expect(visibleHtml(book)).toContain("王婶");
    expect(visibleHtml(book)).toContain("¥18.00");
    const page = await (await client.get(`/store/customers/${account.id}`)).text();
    const repaid = await client.post(`/store/customers/${account.id}`, {
      requestId: hiddenValue(page, "requestId"),
      amount: "10",
      tender: "wechat",
    });
    expect(repaid.status).toBe(302);
    expect(getCustomer(ctx, account.id).balanceFen).toBe(800);
    const after = await (await client.get(`/store/customers/${account.id}?done=repaid`)).text();
    expect(visibleHtml(after)).toContain("¥8.00");
    const tooMuch = await expectNothingWritten(
      () => client.post(`/store/customers/${account.id}`, { requestId: newId(), amount: "9", tender: "cash" }),
      400,
    );
    expect(shows(await tooMuch.text(), "比欠款 ¥8.00 还多")).toBe(true);
    expect(creditViolations(server.db)).toEqual([]);
  });

  it("refuses bad input with a message and writes nothing", async () => {
    const saleId = await freshSaleId();
    const cases: [Record<string, string>, number, string][] = [
      [sellForm(saleId, [[noodles.id, 1]]), 400, "请选择收款方式"],
      [sellForm(saleId, [], { tender: "cash" }), 400, "还没有加商品"],
      [sellForm(saleId, [[noodles.id, 1]], { tender: "credit" }), 400, "赊账要选一位顾客，或写上姓名"],
      [sellForm(saleId, [[noodles.id, 1]], { tender: "cash", cashReceived: "abc" }), 400, "金额格式不对，例如 12.50"],
      [sellForm(saleId, [[noodles.id, 2]], { tender: "cash", cashReceived: "5" }), 400, "实收金额不够"],
      [sellForm("bad id!", [[noodles.id, 1]], { tender: "cash" }), 400, "请求编号无效，请刷新页面重试"],
    ];
    for (const [form, status, message] of cases) {
      const res = await expectNothingWritten(() => client.post("/store/sell", form), status);
      expect(shows(await res.text(), message), message).toBe(true);
    }
    // The refused page still shows the cart it was given.
    // The page's checkout form posts to its cart's URL, the sale id included.
    const refused = await client.post(
      `/store/sell?line.${noodles.id}=1&sale=${saleId}`,
      sellForm(saleId, [[noodles.id, 1]]),
    );
    expect(inputValue(await refused.text(), `line.${noodles.id}`)).toBe("1");
  });
});

describe("another store", () => {
  it("cannot see, void, return or reuse this store's sale, nor sell its products", async () => {
    const saleId = await freshSaleId();
    await client.post("/store/sell", sellForm(saleId, [[water.id, 1]], { tender: "cash" }));
    const lineId = getSale(ctx, saleId).lines[0].id;
    const other = await makeStore(server.db);
    const theirs = makeProduct(other.ctx);
    const intruder = new Client(server.url);
    await intruder.logIn(other.user.phone, other.user.password);
    expect((await intruder.get(`/store/sales/${saleId}`)).status).toBe(404);
    await expectNothingWritten(
      () => intruder.post(`/store/sales/${saleId}`, { intent: "void", requestId: newId() }),
      404,
    );
    await expectNothingWritten(
      () =>
        intruder.post(`/store/sales/${saleId}`, { intent: "return", requestId: newId(), [`return.${lineId}`]: "1" }),
      404,
    );
    await expectNothingWritten(
      () => intruder.post("/store/sell", sellForm(saleId, [[theirs.id, 1]], { tender: "cash" })),
      409,
    );
    await expectNothingWritten(
      () => intruder.post("/store/sell", sellForm(newId(), [[water.id, 1]], { tender: "cash" })),
      404,
    );
    const credit = recordSale(ctx, {
      saleId: newId(),
      tender: "credit",
      customerName: "李大爷",
      lines: [{ productId: water.id, qty: 1 }],
    });
    const customerId = getSale(ctx, credit.saleId).sale.customerId!;
    expect((await intruder.get(`/store/customers/${customerId}`)).status).toBe(404);
    await expectNothingWritten(
      () => intruder.post(`/store/customers/${customerId}`, { requestId: newId(), amount: "1", tender: "cash" }),
      404,
    );
    expect(visibleHtml(await (await intruder.get("/store/customers")).text())).not.toContain("李大爷");
    expect(getSale(ctx, saleId).sale.status).toBe("completed");
  });
});
