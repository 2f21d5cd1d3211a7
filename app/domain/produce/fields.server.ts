import { z } from "zod";
import { FARMER_PAYMENTS, GRADE_RESULTS, PRODUCE_UNITS } from "@db/schema";
import { isValidDate } from "../dates";
import { checkbox, intField, moneyField, optionalText, requestIdField, text } from "../fields.server";

// The produce forms' fields. A form with rows posts each column under one name repeated
// (produce, produce, …); parseForm hands a repeated name over as an array, a single one as a string.

const MAX_ROWS = 40;
const column = <S extends z.ZodType>(schema: S) =>
  z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
    z.array(schema).max(MAX_ROWS, "validation.tooLarge"),
  );

const dateField = () => z.string().trim().refine(isValidDate, "validation.date");
/** Grams on a scale, or pieces: at most 100 t in one line. */
const qtyField = () => intField({ min: 1, max: 100_000_000 });
const priceField = () => moneyField().refine((fen) => fen > 0 && fen <= 1_000_000, "produce.priceRange");

export const publishBuyingListSchema = z
  .object({
    requestId: requestIdField(),
    title: text(60),
    weekOf: dateField(),
    produce: column(z.string().trim().max(30)),
    grade: column(z.string().trim().max(20)),
    unit: column(z.enum(PRODUCE_UNITS)),
    price: column(z.string().trim().max(12)),
    wanted: column(z.string().trim().max(12)),
  })
  .transform((v, c) => {
    const lines: {
      produce: string;
      grade: string;
      unit: (typeof PRODUCE_UNITS)[number];
      priceFen: number;
      wantedQty: number;
    }[] = [];
    v.produce.forEach((produce, i) => {
      if (!produce) return;
      const grade = v.grade[i] ?? "";
      const unit = v.unit[i] ?? "jin";
      const price = priceField().safeParse(v.price[i] ?? "");
      // How much is wanted, in 斤 or pieces as typed; kept in grams for weighed lines.
      const wanted = intField({ min: 1, max: 200_000 }).safeParse(v.wanted[i] ?? "");
      if (!grade) c.addIssue({ code: "custom", path: ["grade"], message: "validation.required" });
      if (!price.success) c.addIssue({ code: "custom", path: ["price"], message: "validation.money" });
      if (!wanted.success) c.addIssue({ code: "custom", path: ["wanted"], message: "validation.integer" });
      if (grade && price.success && wanted.success)
        lines.push({
          produce,
          grade,
          unit,
          priceFen: price.data,
          wantedQty: unit === "jin" ? wanted.data * 500 : wanted.data,
        });
    });
    if (lines.length === 0 && v.produce.every((p) => !p))
      c.addIssue({ code: "custom", path: ["produce"], message: "produce.noLines" });
    return { requestId: v.requestId, title: v.title, weekOf: v.weekOf, lines };
  });
export type PublishBuyingListInput = z.output<typeof publishBuyingListSchema>;

const mobileField = () =>
  z
    .string()
    .trim()
    .regex(/^1\d{10}$/, "credit.phoneInvalid");

export const buyProduceSchema = z
  .object({
    requestId: requestIdField(),
    listLineId: z.string().trim().min(1, "validation.required").max(64),
    farmerId: optionalText(64),
    farmerName: optionalText(30),
    farmerMobile: optionalText(20),
    village: optionalText(30),
    qty: qtyField(),
    price: priceField(),
    payment: z.enum(FARMER_PAYMENTS, { error: "validation.required" }),
    certNo: text(40),
    harvestDate: dateField(),
    // The grade → price card was shown to the farmer and agreed before weighing.
    cardConfirmed: checkbox().refine((v) => v, "produce.cardNotConfirmed"),
  })
  .superRefine((v, c) => {
    if (v.farmerId) return;
    if (!v.farmerName) c.addIssue({ code: "custom", path: ["farmerName"], message: "validation.required" });
    if (!v.farmerMobile || !mobileField().safeParse(v.farmerMobile).success)
      c.addIssue({ code: "custom", path: ["farmerMobile"], message: "credit.phoneInvalid" });
    if (!v.village) c.addIssue({ code: "custom", path: ["village"], message: "validation.required" });
  });
export type BuyProduceInput = z.output<typeof buyProduceSchema>;

export const payFarmerSchema = z.object({
  requestId: requestIdField(),
  amount: moneyField().refine((fen) => fen > 0, "validation.positive"),
});
export type PayFarmerInput = z.output<typeof payFarmerSchema>;

export const netFarmerSchema = z.object({ requestId: requestIdField() });

export const offerConsignmentSchema = z
  .object({
    requestId: requestIdField(),
    listId: z.string().trim().min(1, "validation.required").max(64),
    pickupDate: dateField(),
    lotId: column(z.string().trim().max(64)),
    qty: column(z.string().trim().max(12)),
  })
  .transform((v, c) => {
    const lines: { lotId: string; qty: number }[] = [];
    v.lotId.forEach((lotId, i) => {
      const raw = v.qty[i] ?? "";
      if (!lotId || raw === "") return;
      const qty = qtyField().safeParse(raw);
      if (!qty.success) c.addIssue({ code: "custom", path: ["qty"], message: "validation.integer" });
      else lines.push({ lotId, qty: qty.data });
    });
    if (lines.length === 0) c.addIssue({ code: "custom", path: ["qty"], message: "produce.noLines" });
    if (new Set(lines.map((l) => l.lotId)).size !== lines.length)
      c.addIssue({ code: "custom", path: ["lotId"], message: "validation.requestId" });
    return { requestId: v.requestId, listId: v.listId, pickupDate: v.pickupDate, lines };
  });
export type OfferConsignmentInput = z.output<typeof offerConsignmentSchema>;

export const confirmPickupSchema = z
  .object({
    requestId: requestIdField(),
    consignmentId: z.string().trim().min(1).max(64),
    signedBy: text(30),
    lineId: column(z.string().trim().max(64)),
    qty: column(z.string().trim().max(12)),
  })
  .transform((v, c) => {
    const lines: { lineId: string; qty: number }[] = [];
    v.lineId.forEach((lineId, i) => {
      const qty = intField({ min: 0, max: 100_000_000 }).safeParse(v.qty[i] ?? "");
      if (!qty.success) c.addIssue({ code: "custom", path: ["qty"], message: "validation.integer" });
      else lines.push({ lineId, qty: qty.data });
    });
    if (lines.length === 0) c.addIssue({ code: "custom", path: ["qty"], message: "produce.noLines" });
    return { requestId: v.requestId, consignmentId: v.consignmentId, signedBy: v.signedBy, lines };
  });
export type ConfirmPickupInput = z.output<typeof confirmPickupSchema>;

export const gradeConsignmentSchema = z
  .object({
    requestId: requestIdField(),
    lineId: column(z.string().trim().max(64)),
    result: column(z.enum(GRADE_RESULTS, { error: "validation.required" })),
    newGrade: column(z.string().trim().max(20)),
    price: column(z.string().trim().max(12)),
    reason: column(z.string().trim().max(120)),
  })
  .transform((v, c) => {
    const lines = v.lineId.map((lineId, i) => {
      const result = v.result[i];
      const line = {
        lineId,
        result,
        newGrade: null as string | null,
        priceFen: null as number | null,
        reason: null as string | null,
      };
      if (!result) c.addIssue({ code: "custom", path: ["result"], message: "validation.required" });
      if (result === "downgraded") {
        const price = priceField().safeParse(v.price[i] ?? "");
        if (!price.success) c.addIssue({ code: "custom", path: ["price"], message: "produce.downgradePrice" });
        else line.priceFen = price.data;
        if (!v.newGrade[i]) c.addIssue({ code: "custom", path: ["newGrade"], message: "validation.required" });
        else line.newGrade = v.newGrade[i];
      }
      if (result === "rejected") {
        if (!v.reason[i]) c.addIssue({ code: "custom", path: ["reason"], message: "produce.rejectReason" });
        else line.reason = v.reason[i];
      }
      return line;
    });
    if (lines.length === 0) c.addIssue({ code: "custom", path: ["result"], message: "produce.noLines" });
    return { requestId: v.requestId, lines };
  });
export type GradeConsignmentInput = z.output<typeof gradeConsignmentSchema>;

export const mixLotsSchema = z.object({
  requestId: requestIdField(),
  lotId: column(z.string().trim().min(1).max(64)),
});

export const handBackSchema = z.object({
  requestId: requestIdField(),
  lineId: z.string().trim().min(1, "validation.required").max(64),
});
