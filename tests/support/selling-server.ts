import { newId } from "../../app/domain/ids.server";
import { receiveStock } from "../../app/domain/inventory/receive-stock.server";
import { makeProduct, makeStore } from "./factories";
import { Client, startTestServer } from "./server";

/**
 * The built server with one store selling 白象红烧牛肉面 (¥4.50, 20 in stock), its owner logged in
 * over HTTP: where the sell page's HTTP tests start.
 */
export async function sellingOverHttp() {
  const server = await startTestServer();
  const store = await makeStore(server.db);
  const noodles = makeProduct(store.ctx, { name: "白象红烧牛肉面", priceFen: 450 });
  receiveStock(store.ctx, noodles.id, {
    requestId: newId(),
    qty: 20,
    unit: "base",
    costFen: 100,
    batchNo: "",
    expiryDate: "",
  });
  const client = new Client(server.url);
  await client.logIn(store.user.phone, store.user.password);
  return { server, ctx: store.ctx, client, noodles };
}
