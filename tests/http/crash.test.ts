import { inArray } from "drizzle-orm";
import { afterAll, expect, it } from "vitest";
import { sales } from "@db/schema";
import { newId } from "~/domain/ids.server";
import { makeProduct, makeStore } from "../support/factories";
import { ledgerViolations } from "../support/ledger";
import { saleStockViolations } from "../support/sales";
import { Client, startTestServer, type TestServer } from "../support/server";

const started: TestServer[] = [];
afterAll(async () => {
  for (const s of started.reverse()) await s.stop();
});

/**
 * "Nothing lost": every sale the server acknowledged (a 302 to the receipt) survives `kill -9`
 * in the middle of a write load, and the ledger's invariants hold when the server comes back.
 */
it("keeps every acknowledged sale and the ledger invariants across kill -9", async () => {
  const first = await startTestServer();
  const { user, ctx } = await makeStore(first.db);
  const products = [makeProduct(ctx), makeProduct(ctx), makeProduct(ctx)];
  const client = new Client(first.url);
  await client.logIn(user.phone, user.password);

  const acknowledged: string[] = [];
  let stop = false;
  const seller = async (worker: number) => {
    for (let i = 0; !stop; i++) {
      const saleId = newId();
      const product = products[(worker + i) % products.length];
      try {
        const res = await client.post("/store/sell", { saleId, tender: "cash", [`line.${product.id}`]: "1" });
        if (res.status === 302 && res.headers.get("location") === `/store/sell?done=${saleId}`)
          acknowledged.push(saleId);
      } catch {
        return; // the connection died with the server: this sale was never acknowledged
      }
    }
  };
  const load = Promise.all(Array.from({ length: 8 }, (_, w) => seller(w)));
  while (acknowledged.length < 60) await new Promise((r) => setTimeout(r, 10));
  const exited = new Promise((r) => first.process.once("exit", r));
  first.process.kill("SIGKILL");
  await exited;
  stop = true;
  await load;

  // The crashed server's files stay as they were; a new server opens them and recovers the WAL.
  first.db.$client.close();
  const second = await startTestServer({ dbFile: first.dbFile });
  started.push(second);
  const found = second.db.select({ id: sales.id }).from(sales).where(inArray(sales.id, acknowledged)).all();
  expect(found.length).toBe(acknowledged.length);
  expect(ledgerViolations(second.db)).toEqual([]);
  expect(saleStockViolations(second.db)).toEqual([]);

  const again = new Client(second.url);
  await again.logIn(user.phone, user.password);
  const saleId = newId();
  const res = await again.post("/store/sell", { saleId, tender: "cash", [`line.${products[0].id}`]: "1" });
  expect(res.headers.get("location")).toBe(`/store/sell?done=${saleId}`);
}, 120_000); // two servers started, one killed under load: on a busy 2-core machine that takes a while
