import { and, asc, desc, eq } from "drizzle-orm";
import type { Db } from "../client";
import {
  buyingListLines,
  consignmentLines,
  deliveryRuns,
  distributorLinks,
  memberships,
  organisations,
  producePurchases,
  users,
} from "../schema";
import type { Actor, Ctx } from "../../app/domain/context.server";
import { addDays, HOUR_MS, isoWeekMonday, MINUTE_MS, shanghaiDayStart, type Clock } from "../../app/domain/dates";
import { newId } from "../../app/domain/ids.server";
import { buyProduce } from "../../app/domain/produce/buy-produce.server";
import { raiseDispute } from "../../app/domain/produce/disputes.server";
import { confirmPickup } from "../../app/domain/produce/confirm-pickup.server";
import {
  buyProduceSchema,
  confirmPickupSchema,
  gradeConsignmentSchema,
  offerConsignmentSchema,
  publishBuyingListSchema,
} from "../../app/domain/produce/fields.server";
import { gradeConsignment } from "../../app/domain/produce/grade-consignment.server";
import { offerConsignment } from "../../app/domain/produce/offer-consignment.server";
import { publishBuyingList } from "../../app/domain/produce/publish-buying-list.server";
import type { At } from "./moments";
import { ownerCtx } from "./owners";

export type ProduceSeed = {
  db: Db;
  now: number;
  clock: Clock;
  at: At;
  distributorId: string;
  admin: Actor;
  driver: Actor;
};

/**
 * Produce going up (issue 15): the distributor's buying list for the week of the run now on the
 * road; a store on that route buys 小米 from two farmers (one paid in cash, one owed) and eggs
 * from a third, offers the millet, the driver picks it up on the return leg, and the warehouse
 * grades it (one lot accepted, one downgraded) and credits the store. Each warehouse lot traces
 * back through the store's lot to the farmer's purchase and certificate.
 */
export function seedProduce({ db, now, clock, at, distributorId, admin, driver }: ProduceSeed) {
  const dist: Ctx = {
    db,
    actor: admin,
    org: { id: distributorId, kind: "distributor", name: "兰考县城乡商贸配送中心" },
    role: "admin",
    locale: "zh-CN",
    clock,
  };
  const run = db
    .select()
    .from(deliveryRuns)
    .where(and(eq(deliveryRuns.orgId, distributorId), eq(deliveryRuns.status, "out_for_delivery")))
    .get();
  if (!run) return;
  const shop = db
    .select({
      id: organisations.id,
      name: organisations.name,
      userId: users.id,
      userName: users.name,
      phone: users.phone,
    })
    .from(distributorLinks)
    .innerJoin(organisations, eq(organisations.id, distributorLinks.storeOrgId))
    .innerJoin(memberships, and(eq(memberships.orgId, organisations.id), eq(memberships.role, "owner")))
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(distributorLinks.distributorOrgId, distributorId),
        eq(distributorLinks.routeId, run.routeId),
        eq(distributorLinks.status, "active"),
      ),
    )
    // The demo owner's shop when it is on that route (so 张秀兰 sees it), else the first stop.
    .orderBy(desc(eq(users.phone, "13800000001")), asc(distributorLinks.stopSeq))
    .get();
  if (!shop) return;
  const store = ownerCtx(db, clock, shop);
  const dayStart = shanghaiDayStart(run.deliveryDate);
  const before = (days: number, hour: number) =>
    Math.min(dayStart - days * 24 * HOUR_MS + hour * HOUR_MS, now - HOUR_MS);

  const { listId } = at(before(4, 9), () =>
    publishBuyingList(
      dist,
      publishBuyingListSchema.parse({
        requestId: newId(),
        title: "本周农产品收购",
        weekOf: isoWeekMonday(run.deliveryDate),
        produce: ["小米", "小米", "土鸡蛋", "红薯"],
        grade: ["一级", "二级", "一级", "一级"],
        unit: ["jin", "jin", "piece", "jin"],
        price: ["4.20", "3.60", "1.10", "1.30"],
        wanted: ["800", "400", "2000", "1500"],
      }),
    ),
  );
  const lineOf = (produce: string, grade: string) =>
    listLines(db, listId).find((l) => l.produce === produce && l.grade === grade)!.id;
  const millet = lineOf("小米", "一级");
  const eggs = lineOf("土鸡蛋", "一级");
  // A 1×1 PNG stands in for the photo of each farmer's paper certificate.
  const photo = Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
    "base64",
  );
  const buy = (hoursIn: number, fields: Record<string, string>) =>
    at(before(2, 8) + hoursIn * HOUR_MS, () =>
      buyProduce(
        store,
        buyProduceSchema.parse({
          requestId: newId(),
          harvestDate: addDays(run.deliveryDate, -3),
          cardConfirmed: "on",
          ...fields,
        }),
        new Uint8Array(photo),
      ),
    );
  buy(0, {
    listLineId: millet,
    farmerName: "刘玉梅",
    farmerMobile: "13700010001",
    village: "雷集村",
    qty: "31250",
    price: "3.80",
    payment: "cash",
    certNo: "LK-HG-2611-0031",
  });
  buy(1, {
    listLineId: millet,
    farmerName: "孙长河",
    farmerMobile: "13700010002",
    village: "东坝头村",
    qty: "18765",
    price: "3.80",
    payment: "owed",
    certNo: "LK-HG-2611-0047",
  });
  const eggsBought = buy(2, {
    listLineId: eggs,
    farmerName: "周桂芝",
    farmerMobile: "13700010003",
    village: "长胜村",
    qty: "240",
    price: "0.95",
    payment: "owed",
    certNo: "LK-HG-2611-0052",
  });
  // 周桂芝 counted her eggs again at home and disputes the receipt from its link (decision 047):
  // one open dispute for the store to answer, raised a few hours after the purchase (well inside
  // its 3-day window) and not after now.
  const purchasedAt = db
    .select({ at: producePurchases.createdAt })
    .from(producePurchases)
    .where(eq(producePurchases.id, eggsBought.purchaseId))
    .get()!.at;
  at(Math.max(purchasedAt + MINUTE_MS, Math.min(purchasedAt + 3 * HOUR_MS, now - 5 * MINUTE_MS)), () =>
    raiseDispute(db, clock, eggsBought.receiptToken, { reason: "家里数过是 252 个，收据上只记了 240 个" }),
  );
  const milletLots = db
    .select({ lotId: producePurchases.lotId, qty: producePurchases.qty })
    .from(producePurchases)
    .where(and(eq(producePurchases.orgId, store.org.id), eq(producePurchases.produce, "小米")))
    .all();
  const { consignmentId } = at(before(1, 17), () =>
    offerConsignment(
      store,
      offerConsignmentSchema.parse({
        requestId: newId(),
        listId,
        pickupDate: run.deliveryDate,
        lotId: milletLots.map((l) => l.lotId),
        qty: milletLots.map((l) => String(l.qty)),
      }),
    ),
  );
  const lines = db.select().from(consignmentLines).where(eq(consignmentLines.consignmentId, consignmentId)).all();
  const driverCtx: Ctx = { ...dist, actor: driver, role: "driver" };
  const pickedAt = Math.min(dayStart + 11 * HOUR_MS, now - 30 * MINUTE_MS);
  at(pickedAt, () =>
    confirmPickup(
      driverCtx,
      run.id,
      confirmPickupSchema.parse({
        requestId: newId(),
        consignmentId,
        signedBy: shop.userName,
        lineId: lines.map((l) => l.id),
        // The van's scale reads a little under the shop's for the second sack.
        qty: lines.map((l, i) => String(i === 0 ? l.offeredQty : l.offeredQty - 65)),
      }),
    ),
  );
  at(now - 10 * MINUTE_MS, () =>
    gradeConsignment(
      dist,
      consignmentId,
      gradeConsignmentSchema.parse({
        requestId: newId(),
        lineId: lines.map((l) => l.id),
        result: lines.map((_, i) => (i === 0 ? "accepted" : "downgraded")),
        newGrade: lines.map((_, i) => (i === 0 ? "" : "二级")),
        price: lines.map((_, i) => (i === 0 ? "" : "3.60")),
        reason: lines.map(() => ""),
      }),
    ),
  );
}

function listLines(db: Db, listId: string) {
  return db.select().from(buyingListLines).where(eq(buyingListLines.listId, listId)).all();
}
