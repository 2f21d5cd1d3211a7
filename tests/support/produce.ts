import type { Db } from "../../db/client";
import type { Ctx } from "../../app/domain/context.server";
import { newId } from "../../app/domain/ids.server";
import { dispatchRun } from "../../app/domain/fulfilment/dispatch-run.server";
import { startPicking } from "../../app/domain/fulfilment/start-picking.server";
import { buyProduce } from "../../app/domain/produce/buy-produce.server";
import {
  buyProduceSchema,
  confirmPickupSchema,
  gradeConsignmentSchema,
  offerConsignmentSchema,
  publishBuyingListSchema,
} from "../../app/domain/produce/fields.server";
import { publishBuyingList } from "../../app/domain/produce/publish-buying-list.server";
import { makeConfirmedOrder, makeDeliveryRoute } from "./distribution";

/** A PNG's first bytes: enough for the upload check (type read from the bytes). */
export const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
]);

/**
 * A distributor with a route (Tue/Fri) and two linked stores in stop order; store 0 has an order
 * on the next run (so the run exists), and the distributor has published this week's buying list:
 * 小米 一级 at ¥2.00/斤 (wants 500 斤) and 鸡蛋 一级 at ¥0.80/个.
 */
export async function produceWorld(db: Db) {
  const r = await makeDeliveryRoute(db, { stores: 2, skus: 1, stockPacks: 10 });
  const order = makeConfirmedOrder(r.distributor.ctx, {
    linkId: r.stores[0].linkId,
    deliveryDate: r.deliveryDate,
    lines: [{ sku: r.skus[0], packs: 1 }],
  });
  const { listId } = publishBuyingList(
    r.distributor.ctx,
    publishBuyingListSchema.parse({
      requestId: newId(),
      title: "本周收购",
      weekOf: r.deliveryDate,
      produce: ["小米", "鸡蛋", ""],
      grade: ["一级", "一级", ""],
      unit: ["jin", "piece", "jin"],
      price: ["2.00", "0.80", ""],
      wanted: ["500", "1000", ""],
    }),
  );
  return { ...r, runId: order.runId!, listId };
}

export function buy(
  ctx: Ctx,
  listLineId: string,
  fields: Partial<Record<string, string>> = {},
  photo: Uint8Array | null = PNG,
) {
  return buyProduce(
    ctx,
    buyProduceSchema.parse({
      requestId: newId(),
      listLineId,
      farmerName: "张大爷",
      farmerMobile: "13900000001",
      village: "张庄村",
      qty: "12345",
      price: "1.50",
      payment: "cash",
      certNo: "HG-0001",
      harvestDate: "2026-11-24",
      cardConfirmed: "on",
      ...fields,
    }),
    photo,
  );
}

export const offerForm = (listId: string, pickupDate: string, lines: [string, number][]) =>
  offerConsignmentSchema.parse({
    requestId: newId(),
    listId,
    pickupDate,
    lotId: lines.map(([id]) => id),
    qty: lines.map(([, q]) => String(q)),
  });

export const pickupForm = (consignmentId: string, lines: [string, number][], signedBy = "李店主") =>
  confirmPickupSchema.parse({
    requestId: newId(),
    consignmentId,
    signedBy,
    lineId: lines.map(([id]) => id),
    qty: lines.map(([, q]) => String(q)),
  });

export const gradeForm = (
  lines: { lineId: string; result: string; newGrade?: string; price?: string; reason?: string }[],
) =>
  gradeConsignmentSchema.parse({
    requestId: newId(),
    lineId: lines.map((l) => l.lineId),
    result: lines.map((l) => l.result),
    newGrade: lines.map((l) => l.newGrade ?? ""),
    price: lines.map((l) => l.price ?? ""),
    reason: lines.map((l) => l.reason ?? ""),
  });

/** The run goes out: picking starts and the van is dispatched (its orders picked in full). */
export function sendRunOut(distributor: Ctx, runId: string) {
  startPicking(distributor, runId, { requestId: newId() });
  dispatchRun(distributor, runId, { requestId: newId() });
}
