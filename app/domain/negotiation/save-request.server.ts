import { and, eq } from "drizzle-orm";
import { quoteRequestBands, quoteRequests } from "@db/schema";
import type { MessageKey } from "~/i18n/messages";
import { inTransaction, type Ctx, type WriteTx } from "../context.server";
import { Invalid, InvalidTransition } from "../errors";
import { newId } from "../ids.server";
import { once } from "../idempotency.server";
import { requirePermission } from "../permission-check.server";
import type { RequestInput } from "./fields.server";
import { MAX_BANDS } from "./fields.server";
import { findRequest } from "./requests.server";

const bad = (field: string, key: MessageKey) => new Invalid(key, {}, { [field]: key });

/** Bands 1–5 of positive, strictly increasing packs; a deadline ahead of now; a rate of 0–30 %. */
export function checkRequest(input: RequestInput, now: number) {
  if (input.bands.length === 0) throw bad("bands", "negotiation.bandsNone");
  if (input.bands.length > MAX_BANDS) throw bad("bands", "negotiation.bandInvalid");
  if (input.bands.some((b) => !Number.isInteger(b) || b < 1)) throw bad("bands", "negotiation.bandInvalid");
  for (let i = 1; i < input.bands.length; i++) {
    if (input.bands[i] <= input.bands[i - 1]) throw bad("bands", "negotiation.bandsNotIncreasing");
  }
  if (!Number.isInteger(input.annualRateBp) || input.annualRateBp < 0 || input.annualRateBp > 3000)
    throw bad("annualRatePercent", "negotiation.rateInvalid");
  if (!Number.isInteger(input.paymentTermsDays) || input.paymentTermsDays < 0 || input.paymentTermsDays > 180)
    throw bad("paymentTermsDays", "validation.invalid");
  if (!Number.isInteger(input.deadlineAt) || input.deadlineAt <= now)
    throw bad("deadlineDate", "alliance.campaign.deadlinePast");
}

function columns(input: RequestInput, now: number) {
  return {
    title: input.title,
    category: input.category,
    spec: input.spec,
    baseUnit: input.baseUnit,
    packUnit: input.packUnit,
    packSize: input.packSize,
    brands: input.brands,
    barcodes: JSON.stringify(input.barcodes),
    certificatesRequired: JSON.stringify(input.certificatesRequired),
    qualityNote: input.qualityNote,
    delivery: input.delivery,
    deliveryNote: input.deliveryNote,
    paymentTermsDays: input.paymentTermsDays,
    annualRateBp: input.annualRateBp,
    deadlineAt: input.deadlineAt,
    updatedAt: now,
  };
}

function writeBands(tx: WriteTx, ctx: Ctx, requestId: string, bands: number[]) {
  tx.delete(quoteRequestBands)
    .where(and(eq(quoteRequestBands.requestId, requestId), eq(quoteRequestBands.orgId, ctx.org.id)))
    .run();
  for (const minPacks of bands) tx.insert(quoteRequestBands).values({ requestId, orgId: ctx.org.id, minPacks }).run();
}

/** The coordinator drafts a request for quotation (询价单). Once per form; any refusal writes nothing. */
export function createRequest(ctx: Ctx, input: RequestInput): { rfqId: string } {
  requirePermission(ctx, "rfq.save");
  const now = ctx.clock.now();
  checkRequest(input, now);
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, `rfq:${input.requestId}`, "rfq.create", () => {
      const id = newId();
      tx.insert(quoteRequests)
        .values({
          id,
          orgId: ctx.org.id,
          status: "draft",
          createdBy: ctx.actor.kind === "person" ? ctx.actor.id : null,
          createdAt: now,
          ...columns(input, now),
        })
        .run();
      writeBands(tx, ctx, id, input.bands);
      return { rfqId: id };
    }),
  );
}

/** Only a draft is edited: once suppliers have the link, the request is what they price. */
export function updateRequest(ctx: Ctx, rfqId: string, input: RequestInput): { rfqId: string } {
  requirePermission(ctx, "rfq.save");
  const now = ctx.clock.now();
  checkRequest(input, now);
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, `rfq-edit:${input.requestId}`, "rfq.update", () => {
      const request = findRequest(tx, ctx, rfqId);
      if (request.status !== "draft") throw new InvalidTransition("negotiation.notDraft");
      tx.update(quoteRequests)
        .set(columns(input, now))
        .where(and(eq(quoteRequests.id, rfqId), eq(quoteRequests.orgId, ctx.org.id)))
        .run();
      writeBands(tx, ctx, rfqId, input.bands);
      return { rfqId };
    }),
  );
}
