import { afterAll, beforeAll, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { products } from "@db/schema";
import { makeStore, uniqueBarcode } from "../support/factories";
import { logInAs, openPhone, screenshot } from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const header = "名称,条码,分类,基本单位,整件单位,每件数量,售价,进价,补货线,库存";

for (const javaScriptEnabled of [true, false]) {
  it(`imports a CSV on a phone, bad file first, with JavaScript ${javaScriptEnabled ? "on" : "off"}`, async () => {
    const { user, org } = await makeStore(server.db);
    const phone = await openPhone({ javaScriptEnabled });
    try {
      await logInAs(phone.page, server.url, user.phone, user.password);
      await phone.page.goto(`${server.url}/store/import`);
      const good = uniqueBarcode();
      const bad = `${good.slice(0, 12)}${(Number(good[12]) + 1) % 10}`;
      const file = (rows: string[]) => ({
        name: "商品.csv",
        mimeType: "text/csv",
        buffer: Buffer.from([header, ...rows].join("\n")),
      });

      await phone.page
        .getByLabel("CSV 文件")
        .setInputFiles(
          file([`娃哈哈AD钙奶,${good},饮料,瓶,提,4,2.50,1.80,8,12`, `坏条码饼干,${bad},零食,包,箱,20,3.00,2.00,5,1`]),
        );
      await phone.page.getByRole("button", { name: "开始导入" }).click();
      const report = phone.page.locator("#import-result");
      await report.getByText("第 3 行").waitFor();
      expect(await report.textContent()).toContain("条码");
      expect(server.db.select().from(products).where(eq(products.orgId, org.id)).all()).toHaveLength(0);
      await screenshot(phone.page, `import-errors-js-${javaScriptEnabled ? "on" : "off"}`);

      await phone.page.getByLabel("CSV 文件").setInputFiles(file([`娃哈哈AD钙奶,${good},饮料,瓶,提,4,2.50,1.80,8,12`]));
      await phone.page.getByRole("button", { name: "开始导入" }).click();
      await report.getByText("导入完成").waitFor();
      const imported = server.db.select().from(products).where(eq(products.orgId, org.id)).all();
      expect(imported).toMatchObject([{ name: "娃哈哈AD钙奶", barcode: good, priceFen: 250, onHand: 12 }]);
      await screenshot(phone.page, `import-done-js-${javaScriptEnabled ? "on" : "off"}`);
    } finally {
      await phone.close();
    }
  });
}
