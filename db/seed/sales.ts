import { and, eq } from "drizzle-orm";
import { products } from "../schema";
import type { Ctx } from "../../app/domain/context.server";
import { createCustomer } from "../../app/domain/credit/customers.server";
import { balanceOf } from "../../app/domain/credit/ledger.server";
import { recordRepayment } from "../../app/domain/credit/record-repayment.server";
import { newId } from "../../app/domain/ids.server";
import { getSale } from "../../app/domain/sales/get-sale.server";
import { recordSale } from "../../app/domain/sales/record-sale.server";
import { returnSaleLines } from "../../app/domain/sales/return-sale-lines.server";
import { voidSale } from "../../app/domain/sales/void-sale.server";
import type { Tender } from "../schema";
import { shanghaiDate, shanghaiDayStart } from "../../app/domain/dates";
import type { At } from "./moments";

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

// Regulars who buy on credit (赊账) and settle when the harvest or wages come in.
const CREDIT_CUSTOMERS = [
  { name: "王婶", phone: "13903781234" },
  { name: "李大爷", phone: null },
  { name: "张二哥", phone: "13637829876" },
  { name: "刘嫂子", phone: null },
  { name: "赵老师", phone: "15937815566" },
];

export type SalesSeed = {
  owner: Ctx;
  clerk: Ctx;
  random: () => number;
  now: number;
  at: At;
  customerIds: string[];
};

/** The store's credit customers, created 40 days ago. */
export function seedCustomers(owner: Ctx, now: number, at: At): string[] {
  return at(now - 40 * DAY, () =>
    CREDIT_CUSTOMERS.map((c) => createCustomer(owner, { requestId: newId(), name: c.name, phone: c.phone }).customerId),
  );
}

/**
 * A village shop's days, from `fromDay` to `toDay` days ago, through the real use cases (so the
 * ledgers and rollups hold), each at its moment: 20-45 sales a day between 7:00 and 21:00, most of them one
 * or two cheap items from a few dozen favourites, paid mostly in cash and WeChat, some on credit;
 * a void now and then, a rare return, and repayments every few days.
 */
export function seedSalesDays(seed: SalesSeed, fromDay: number, toDay: number) {
  const { owner, clerk, random, now, at: atMoment, customerIds } = seed;
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const stock = new Map(
    owner.db
      .select({ id: products.id, onHand: products.onHand, priceFen: products.priceFen })
      .from(products)
      .where(and(eq(products.orgId, owner.org.id), eq(products.active, true)))
      .all()
      .map((p) => [p.id, p]),
  );
  const all = [...stock.keys()];
  // Cheap everyday goods sell most: favour them, like a real shelf.
  const favourites = [...stock.values()]
    .sort((a, b) => a.priceFen - b.priceFen)
    .slice(0, 40)
    .map((p) => p.id);
  const tenders: [Tender, number][] = [
    ["cash", 0.46],
    ["wechat", 0.3],
    ["alipay", 0.14],
    ["credit", 0.1],
  ];
  const tenderOf = () => {
    let r = random();
    for (const [t, p] of tenders) if ((r -= p) < 0) return t;
    return "cash" as const;
  };
  const todayStart = shanghaiDayStart(shanghaiDate(now));

  for (let day = fromDay; day >= toDay; day--) {
    const open = todayStart - day * DAY + 7 * HOUR;
    const close = Math.min(todayStart - day * DAY + 21 * HOUR, now - 10 * 60 * 1000);
    if (close <= open) continue;
    const times = Array.from(
      { length: 20 + Math.floor(random() * 26) },
      () => open + Math.floor(random() * (close - open)),
    ).sort((a, b) => a - b);
    for (const at of times) {
      const lines = new Map<string, number>();
      const count = random() < 0.6 ? 1 : random() < 0.7 ? 2 : 3;
      for (let i = 0; i < count; i++) {
        const id = random() < 0.8 ? pick(favourites) : pick(all);
        const p = stock.get(id);
        // Mostly what is on the shelf; now and then the books are behind and it oversells.
        if (!p || (p.onHand <= 0 && random() < 0.97)) continue;
        lines.set(id, (lines.get(id) ?? 0) + (random() < 0.8 ? 1 : 2));
      }
      if (lines.size === 0) continue;
      for (const [id, qty] of lines) stock.get(id)!.onHand -= qty;
      const tender = tenderOf();
      const ctx = random() < 0.5 ? owner : clerk;
      const saleId = newId();
      atMoment(at, () =>
        recordSale(ctx, {
          saleId,
          tender,
          lines: [...lines].map(([productId, qty]) => ({ productId, qty })),
          customerId: tender === "credit" ? pick(customerIds) : undefined,
          cashReceivedFen:
            tender === "cash"
              ? cashHandedOver(
                  [...lines].reduce((sum, [id, qty]) => sum + qty * stock.get(id)!.priceFen, 0),
                  random,
                )
              : undefined,
        }),
      );
      const r = random();
      if (r < 0.012) {
        atMoment(at + 2 * 60 * 1000, () => voidSale(owner, saleId, { requestId: newId(), reason: "收错了" }));
        for (const [id, qty] of lines) stock.get(id)!.onHand += qty;
      } else if (r < 0.018) {
        const line = getSale(owner, saleId).lines[0];
        atMoment(at + 5 * HOUR, () =>
          returnSaleLines(owner, saleId, {
            requestId: newId(),
            reason: "顾客退回",
            lines: [{ lineId: line.id, qty: 1 }],
          }),
        );
        stock.get(line.productId)!.onHand += 1;
      }
    }
    // Every few days someone settles part of their account in the evening.
    if (day % 4 === 0) {
      for (const customerId of customerIds) {
        const owed = balanceOf(owner.db, owner, customerId);
        if (owed <= 0 || random() < 0.5) continue;
        const amount = random() < 0.4 ? owed : Math.max(100, Math.round((owed * (0.3 + random() * 0.4)) / 100) * 100);
        atMoment(close - HOUR, () =>
          recordRepayment(owner, customerId, {
            requestId: newId(),
            amount: Math.min(amount, owed),
            tender: random() < 0.6 ? "cash" : "wechat",
            note: null,
          }),
        );
      }
    }
  }
}

/** Half the time the exact money; otherwise the next note up (¥5, ¥10, ¥20, ¥50, ¥100). */
function cashHandedOver(totalFen: number, random: () => number): number | undefined {
  if (random() < 0.5) return undefined;
  return [500, 1000, 2000, 5000, 10000].find((note) => note >= totalFen) ?? Math.ceil(totalFen / 10000) * 10000;
}
