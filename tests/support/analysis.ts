import type { Db } from "../../db/client";
import type { Ctx } from "../../app/domain/context.server";
import { addDays } from "../../app/domain/dates";
import { newId } from "../../app/domain/ids.server";
import { receiveStock } from "../../app/domain/inventory/receive-stock.server";
import { recordSale } from "../../app/domain/sales/record-sale.server";
import { linkStore, makeDistributor, makeRoute } from "./distribution";
import { addMember, makeProduct, makeStore, makeUser } from "./factories";
import { at, pinnedClock, shanghai } from "./clock";

/** Wednesday 2030-01-09 15:30 in Shanghai: the dashboard's "now" in the hand-computed cases. */
export const NOW = shanghai("2030-01-09T15:30");

/** Records a sale as if made at a Shanghai wall-clock time (`${day(0)}T09:15`); the rollups are kept by the sale itself. */
export function sellAt(
  ctx: Ctx,
  local: string,
  lines: [{ id: string }, number][],
  extra: { tender?: "cash" | "wechat" | "credit"; customerName?: string } = {},
) {
  return recordSale(at(ctx, shanghai(local)), {
    saleId: newId(),
    tender: extra.tender ?? "cash",
    customerName: extra.customerName,
    lines: lines.map(([p, qty]) => ({ productId: p.id, qty })),
  });
}

/**
 * The store of the hand-computed cases (figures worked out in tests/domain/dashboard.test.ts):
 * 面 (4.50/3.50), 水 (2.00/1.20), 酱油 (10.00/7.00, last sold 20 days ago), 糖 (never sold);
 * a lot of 面 already expired, a lot of 酱油 expiring in 11 days, one customer on credit.
 * With `route`, the store is served on Tuesdays and Fridays (next delivery Friday 2030-01-11).
 * `today` moves the whole story (default 2030-01-09, the day of NOW) so a server on the real
 * clock can show it.
 */
export async function makeAnalysisStore(db: Db, { route = true, today = "2030-01-09" } = {}) {
  const day = (n: number) => addDays(today, n);
  const store = await makeStore(db);
  const ctx = store.ctx;
  const noodles = makeProduct(ctx, { name: "面", priceFen: 450, costFen: 350 });
  const water = makeProduct(ctx, { name: "水", priceFen: 200, costFen: 120, packSize: 12 });
  const soy = makeProduct(ctx, { name: "酱油", priceFen: 1000, costFen: 700, packUnit: null, packSize: 1 });
  const sugar = makeProduct(ctx, { name: "糖", priceFen: 500, costFen: 380, packUnit: null, packSize: 1 });
  receiveStock(ctx, noodles.id, { requestId: newId(), qty: 11, unit: "base", batchNo: "M1", expiryDate: day(-4) });
  receiveStock(ctx, water.id, { requestId: newId(), qty: 20, unit: "base", batchNo: "", expiryDate: "" });
  receiveStock(ctx, soy.id, { requestId: newId(), qty: 11, unit: "base", batchNo: "L1", expiryDate: day(11) });
  receiveStock(ctx, sugar.id, { requestId: newId(), qty: 5, unit: "base", batchNo: "S1", expiryDate: day(51) });

  // Before the period (the 28-day demand window starts 2029-12-12).
  sellAt(ctx, `${day(-20)}T11:00`, [[soy, 1]]);
  sellAt(ctx, `${day(-14)}T08:00`, [[noodles, 1]]);
  // The previous 7 days: 2029-12-27 … 2030-01-02.
  sellAt(ctx, `${day(-13)}T08:00`, [[water, 5]]);
  sellAt(ctx, `${day(-7)}T09:00`, [[noodles, 2]]);
  // This week: 2030-01-03 (Thu) … 2030-01-09 (Wed, today).
  sellAt(ctx, `${day(-6)}T20:30`, [[noodles, 4]]);
  sellAt(
    ctx,
    `${day(-4)}T10:00`,
    [
      [noodles, 1],
      [water, 1],
    ],
    { tender: "credit", customerName: "李大娘" },
  );
  sellAt(ctx, `${day(-1)}T11:00`, [[water, 2]]);
  sellAt(ctx, `${day(-1)}T19:00`, [[water, 10]]);
  sellAt(ctx, `${day(0)}T09:15`, [[noodles, 2]]);
  sellAt(ctx, `${day(0)}T14:05`, [[water, 3]], { tender: "wechat" });

  let distributor: Awaited<ReturnType<typeof makeDistributor>> | null = null;
  if (route) {
    distributor = await makeDistributor(db);
    const r = makeRoute(distributor.ctx, { weekdays: "2,5", cutoffTime: "18:00", cutoffDaysBefore: 1 });
    linkStore(ctx, distributor.ctx, { routeId: r.id });
  }
  return { ...store, distributor, products: { noodles, water, soy, sugar } };
}

/** A clerk of the store, with a context. */
export async function addClerk(db: Db, org: Ctx["org"]) {
  const user = await makeUser(db);
  addMember(db, org.id, user.id, "clerk");
  const ctx: Ctx = {
    db,
    actor: { kind: "person", id: user.id, name: user.name, phone: user.phone },
    org,
    role: "clerk",
    locale: "zh-CN",
    clock: pinnedClock(),
  };
  return { user, ctx };
}
