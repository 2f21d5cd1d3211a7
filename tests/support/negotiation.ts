import { salesDaily, products } from "../../db/schema";
import type { Db } from "../../db/client";
import type { Ctx } from "../../app/domain/context.server";
import { addDays, DAY_MS, shanghaiDate } from "../../app/domain/dates";
import { newId } from "../../app/domain/ids.server";
import type { QuoteInput, RequestInput } from "../../app/domain/negotiation/fields.server";
import { createRequest } from "../../app/domain/negotiation/save-request.server";

/** A store product with this barcode and `unitsPerWeek` sold on each of the last twelve weeks (rollups only). */
export function storeSold(db: Db, storeOrgId: string, barcode: string, unitsPerWeek: number, now: number) {
  const productId = newId();
  db.insert(products)
    .values({
      id: productId,
      orgId: storeOrgId,
      name: "测试大豆油",
      barcode,
      baseUnit: "桶",
      packSize: 1,
      priceFen: 6000,
      createdAt: now,
      updatedAt: now,
    })
    .run();
  for (let w = 1; w <= 12; w++) {
    db.insert(salesDaily)
      .values({
        orgId: storeOrgId,
        productId,
        day: shanghaiDate(now - w * 7 * DAY_MS),
        qty: unitsPerWeek,
        revenueFen: unitsPerWeek * 6000,
      })
      .run();
  }
}

export function requestInput(ctx: Ctx, overrides: Partial<RequestInput> = {}): RequestInput {
  return {
    requestId: newId(),
    title: "金龙鱼大豆油 5L",
    category: "粮油",
    spec: "5L",
    baseUnit: "桶",
    packUnit: "箱",
    packSize: 4,
    brands: "金龙鱼, 福临门",
    barcodes: [],
    certificatesRequired: ["inspection"],
    qualityNote: "须附检验报告",
    delivery: "direct",
    deliveryNote: null,
    paymentTermsDays: 30,
    annualRateBp: 600,
    deadlineAt: ctx.clock.now() + 3 * DAY_MS,
    bands: [100, 300, 600],
    ...overrides,
  };
}

export function makeRequest(ctx: Ctx, overrides: Partial<RequestInput> = {}) {
  const input = requestInput(ctx, overrides);
  return { ...createRequest(ctx, input), input };
}

export function quoteInput(deadlineAt: number, overrides: Partial<QuoteInput> = {}): QuoteInput {
  return {
    requestId: newId(),
    prices: [5200, 4950, 4700],
    fallbacks: [null, 5100, null],
    minimumPacks: 100,
    leadTimeDays: 5,
    validUntil: addDays(shanghaiDate(deadlineAt), 30),
    paymentTermsDays: 30,
    deliveryFen: 60000,
    note: null,
    alternative: [],
    ...overrides,
  };
}
