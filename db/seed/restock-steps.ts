import { and, eq } from "drizzle-orm";
import { catalogItems, deliveryClaims, products, restockOrders } from "../schema";
import { DomainError } from "../../app/domain/errors";
import { newId } from "../../app/domain/ids.server";
import { fenToYuanString } from "../../app/domain/money";
import { completeRun } from "../../app/domain/fulfilment/complete-run.server";
import { deliverStop, deliverStopSchema } from "../../app/domain/fulfilment/deliver-stop.server";
import { dispatchRun } from "../../app/domain/fulfilment/dispatch-run.server";
import { failStop } from "../../app/domain/fulfilment/fail-stop.server";
import { recordPicks, recordPicksSchema } from "../../app/domain/fulfilment/record-picks.server";
import { orderLines, runOrders } from "../../app/domain/fulfilment/run-rows.server";
import { startPicking } from "../../app/domain/fulfilment/start-picking.server";
import { balanceOf } from "../../app/domain/restock/account.server";
import { cancelOrder } from "../../app/domain/restock/cancel-order.server";
import { confirmOrder } from "../../app/domain/restock/confirm-order.server";
import { receiveOrder } from "../../app/domain/restock/receive-order.server";
import { recordPayment } from "../../app/domain/restock/record-payment.server";
import { rejectOrder } from "../../app/domain/restock/reject-order.server";
import { resolveClaim } from "../../app/domain/restock/resolve-claim.server";
import { submitOrder } from "../../app/domain/restock/submit-order.server";
import { addDays, fixedClock, shanghaiDate } from "../../app/domain/dates";
import { officeConfirmsReports } from "./newuser";
import { local, type Month, type Seat, type Timeline } from "./restock-month";

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
type Run = { id: string; deliveryDate: string; status: string } | undefined;

// The office goes through new orders three times a day: mid-morning, after lunch, and at the
// 18:00 cut-off.
const ROUNDS: [number, number][] = [
  [9, 0],
  [14, 0],
  [18, 15],
];
function officeRound(t: number): number {
  const date = shanghaiDate(t);
  for (let i = 0; i < 2; i++) {
    for (const [hh, mm] of ROUNDS) {
      const round = local(addDays(date, i), hh, mm);
      if (round >= t) return round;
    }
  }
  return t;
}

const CANCEL_REASONS = ["多订了，重新下单", "家里有事，这次先不要了"];
const REJECT_REASONS = [
  "本月欠款未结清，请先结款再下单",
  "部分商品断货，请改单后重新提交",
  "与上一单重复，已保留上一单",
];

/** The use cases one month is made of, each run at its moment in the story (see restock-month.ts). */
export function restockSteps(m: Month, timeline: Timeline) {
  const { db, at, dist, driver, random, now } = m;
  const seatOf = new Map(m.seats.map((s) => [s.ctx.org.id, s]));
  const between = (lo: number, hi: number) => lo + random() * (hi - lo);
  // The showcase store's orders, in the order it placed them, steered to show every path once.
  let showcaseOrders = 0;
  const steered = new Map<string, "claim" | "short">();
  let failedOnce = false;
  const attempt = (fn: () => void) => {
    try {
      fn();
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
    }
  };

  const availablePacks = (productId: string, packSize: number) => {
    const row = db
      .select({ onHand: products.onHand, reserved: catalogItems.reserved })
      .from(products)
      .innerJoin(catalogItems, eq(catalogItems.productId, products.id))
      .where(eq(products.id, productId))
      .get()!;
    return Math.floor((row.onHand - row.reserved) / packSize);
  };

  const order = (id: string) => db.select().from(restockOrders).where(eq(restockOrders.id, id)).get()!;

  const steps = {
    /** A cart sent at `t`; unless `decided` is false, the shop or the office then acts on it. */
    submit(seat: Seat, t: number, decided = true) {
      const wanted = seat.favourites.filter(() => random() < (seat.showcase ? 0.14 : 0.2)).slice(0, 9);
      const lines = wanted.flatMap((sku) => {
        const packs = Math.max(sku.minOrderPacks, 1 + Math.floor(random() ** 2 * 3));
        const available = availablePacks(sku.id, sku.packSize);
        const n = Math.min(packs, available);
        return n >= sku.minOrderPacks ? [{ productId: sku.id, packs: n, priceFen: m.priceOf(seat, sku) }] : [];
      });
      if (lines.length === 0) return;
      let orderId: string;
      try {
        orderId = at(t, () =>
          submitOrder(
            { ...seat.ctx, clock: fixedClock(t) },
            { requestId: newId(), distributorOrgId: dist.org.id, lines },
          ),
        ).orderId;
      } catch (e) {
        if (e instanceof DomainError) return; // over the credit limit: the shop pays first
        throw e;
      }
      if (!decided) return;
      const nth = seat.showcase ? ++showcaseOrders : 0;
      if (nth === 1) steered.set(orderId, "claim");
      if (nth === 3) steered.set(orderId, "short");
      const fate = random();
      if (nth === 2 || (!seat.showcase && fate < 0.04)) {
        const when = t + between(20, 90) * MINUTE;
        timeline.add(when, () =>
          at(when, () => cancelOrder(seat.ctx, orderId, { requestId: newId(), reason: CANCEL_REASONS[nth % 2] })),
        );
      } else if (nth === 4 || (!seat.showcase && fate < 0.08)) {
        const when = officeRound(t + 10 * MINUTE) + between(0, 20) * MINUTE;
        const reason = REJECT_REASONS[Math.floor(random() * REJECT_REASONS.length)];
        timeline.add(when, () => at(when, () => rejectOrder(dist, orderId, { requestId: newId(), reason })));
      } else {
        const when = officeRound(t + 10 * MINUTE) + between(0, 20) * MINUTE;
        timeline.add(when, () => at(when, () => confirmOrder(dist, orderId, { requestId: newId() })));
      }
    },

    startPicking(t: number, run: Run) {
      if (run?.status === "planned") attempt(() => at(t, () => startPicking(dist, run.id, { requestId: newId() })));
    },

    /** At dawn the pickers find a few lines short; each remainder is backordered or dropped. */
    recordShortPicks(t: number, run: Run, share = 0) {
      if (!run) return;
      const orders = runOrders(db, dist, run.id, ["picking"]);
      orders.forEach((o, i) => {
        const short = steered.get(o.id) === "short" || random() < 0.09;
        if (!short && i >= orders.length * share) return;
        const lines = orderLines(db, dist, o.id);
        const line = short ? lines[Math.floor(random() * lines.length)] : null;
        const form: Record<string, string> = line ? { [`picked.${line.id}`]: String(line.qtyPacks - 1) } : {};
        const shortfall = steered.get(o.id) === "short" || random() < 0.6 ? "backorder" : "cancel";
        const when = t + i * 2 * MINUTE;
        at(when, () =>
          recordPicks(dist, run.id, recordPicksSchema.parse({ requestId: newId(), orderId: o.id, shortfall, ...form })),
        );
      });
    },

    /** The van leaves; stops follow along the route. `until` stops the day part-way (the van still out). */
    dispatch(t: number, run: Run, until: number | null) {
      if (run?.status !== "picking") return;
      at(t, () => dispatchRun(dist, run.id, { requestId: newId() }));
      const stops = runOrders(db, dist, run.id, ["out_for_delivery"]);
      const n = until === null ? stops.length : Math.ceil(stops.length / 2);
      const from = until === null ? t + HOUR : t;
      const span = (until ?? t + 8.5 * HOUR) - from;
      for (let i = 0; i < n; i++) {
        const when = from + ((i + 1) * span) / (n + 1);
        const fail =
          until === null &&
          !failedOnce &&
          stops.length >= 4 &&
          i === 2 &&
          t < now - 12 * DAY &&
          !seatOf.get(stops[i].storeOrgId)!.showcase;
        failedOnce ||= fail;
        timeline.add(when, () =>
          fail ? steps.failStop(when, run.id, stops[i].id) : steps.deliver(when, run.id, stops[i].id, until === null),
        );
      }
    },

    failStop(t: number, runId: string, orderId: string) {
      at(t, () =>
        failStop(driver, runId, { requestId: newId(), orderId, reason: "店门锁着，电话没人接", then: "redeliver" }),
      );
    },

    /**
     * The driver asks for the code (now and then a relative signs), and takes cash on delivery.
     * Stops of the van still on the road are not checked in yet.
     */
    deliver(t: number, runId: string, orderId: string, checkedIn: boolean) {
      const o = order(orderId);
      const seat = seatOf.get(o.storeOrgId)!;
      const signed = random() < 0.08;
      const cash = seat.terms === "cod" && random() < 0.85 ? o.totalFen : 0;
      const input = deliverStopSchema.parse({
        requestId: newId(),
        orderId,
        code: signed ? "" : o.deliveryCode,
        signedBy: signed ? "家人代签" : "",
        cashFen: cash ? fenToYuanString(cash) : "",
        method: random() < 0.55 ? "cash" : "wechat",
      });
      at(t, () => deliverStop(driver, runId, input));
      // The showcase store leaves its latest delivery unchecked, so the demo can receive it.
      if (!checkedIn || (seat.showcase && t > now - 4 * DAY)) return;
      // Keen shops count the goods off the van; the others get round to it a day or two later.
      const when =
        seat.keen > 0.6
          ? t + between(0.2, 3) * HOUR
          : local(addDays(shanghaiDate(t), 1 + Math.floor(random() * 2)), 8) + between(0, 12) * HOUR;
      timeline.add(when, () => steps.receive(when, orderId));
    },

    complete(t: number, run: Run) {
      if (run?.status === "out_for_delivery")
        attempt(() => at(t, () => completeRun(dist, run.id, { requestId: newId() })));
    },

    /** The shop counts what came; a damaged or missing pack now and then becomes a claim. */
    receive(t: number, orderId: string) {
      const seat = seatOf.get(order(orderId).storeOrgId)!;
      const lines = orderLines(db, dist, orderId).map((l) => ({
        lineId: l.id,
        receivedPacks: l.pickedPacks ?? l.qtyPacks,
        damagedPacks: 0,
      }));
      const shipped = lines.filter((l) => l.receivedPacks > 0);
      if (shipped.length && (steered.get(orderId) === "claim" || random() < 0.1)) {
        const line = shipped[Math.floor(random() * shipped.length)];
        line.receivedPacks -= 1;
        if (steered.get(orderId) === "claim" || random() < 0.6) line.damagedPacks = 1;
      }
      const { claims } = at(t, () => receiveOrder(seat.ctx, orderId, { requestId: newId(), lines }));
      // The office checks a claim with the driver on the route's next round before settling it.
      const when = officeRound(t + between(24, 72) * HOUR) + between(0, 40) * MINUTE;
      if (claims) timeline.add(when, () => steps.resolve(when, orderId));
    },

    resolve(t: number, orderId: string) {
      const open = db
        .select({ id: deliveryClaims.id })
        .from(deliveryClaims)
        .where(and(eq(deliveryClaims.orderId, orderId), eq(deliveryClaims.status, "open")))
        .all();
      const r = steered.get(orderId) === "claim" ? 0 : random();
      if (r >= 0.8 && t > now - 8 * DAY) return; // still being looked into
      for (const claim of open) {
        const input =
          r < 0.7
            ? { decision: "credit" as const, note: "已核实，下次送货抵扣" }
            : { decision: "reject" as const, note: "司机已当面点清，签收时未提出" };
        at(t, () => resolveClaim(dist, claim.id, { requestId: newId(), ...input }));
      }
    },

    /** Shops on 账期 settle most of their balance on Saturdays; 货到付款 shops clear what they left owing. */
    payments(t: number, saturday: boolean) {
      // The showcase store's own transfers, reported this morning (db/seed/newuser.ts).
      officeConfirmsReports(m, t);
      for (const seat of m.seats) {
        if (seat.terms === "account" && !saturday) continue;
        const balance = balanceOf(db, { distributorOrgId: dist.org.id, storeOrgId: seat.ctx.org.id });
        if (balance <= 0) continue;
        const amountFen =
          seat.terms === "account" ? Math.min(balance, Math.round((balance * between(0.6, 1)) / 100) * 100) : balance;
        if (amountFen <= 0) continue;
        const method =
          seat.terms === "account" ? (random() < 0.5 ? "bank" : "wechat") : random() < 0.5 ? "cash" : "wechat";
        // The showcase store paid by its own transfer (above); the draws stay, so the story does not shift.
        if (seat.showcase) continue;
        at(t, () =>
          recordPayment(dist, { requestId: newId(), storeOrgId: seat.ctx.org.id, amountFen, method, note: null }),
        );
      }
    },
  };
  return steps;
}
