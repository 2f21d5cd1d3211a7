import { and, eq } from "drizzle-orm";
import { campaigns, campaignTiers, catalogItems, organisations, products, supplierProducts } from "@db/schema";
import type { MessageKey, MessageParams } from "~/i18n/messages";
import { inTransaction, type Ctx, type WriteTx } from "../context.server";
import { isValidDate, shanghaiDate } from "../dates";
import { Invalid, InvalidTransition } from "../errors";
import { newId } from "../ids.server";
import { once } from "../idempotency.server";
import { MAX_DEPOSIT_DEADLINE_DAYS } from "../payments/start-payment.server";
import { paymentsEnabled } from "../payments/stripe.server";
import { requirePermission } from "../permission-check.server";
import { recordCreation } from "../state-machine.server";
import type { CampaignInput } from "./campaign-fields.server";
import { findCampaign } from "./campaigns.server";
import { validateTiers } from "./tiers";

const bad = (field: string, key: MessageKey, params: MessageParams = {}) => new Invalid(key, params, { [field]: key });

/**
 * The rules a campaign must meet whatever the form did: tiers that increase in packs and
 * decrease in price, an MOQ the first tier covers (so a campaign that goes ahead always has a
 * price), a cap of at least one pack, a deadline ahead of now and a delivery after it.
 */
function checkRules(input: CampaignInput, now: number) {
  const tierErrors = validateTiers(input.tiers);
  if (tierErrors.length > 0) throw bad("tiers", tierErrors[0]);
  if (!Number.isInteger(input.moqPacks) || input.moqPacks < 1) throw bad("moqPacks", "validation.positive");
  if (input.capPacks !== null && (!Number.isInteger(input.capPacks) || input.capPacks < 1))
    throw bad("capPacks", "validation.positive");
  if (input.moqPacks < input.tiers[0].minPacks) {
    throw bad("moqPacks", "alliance.campaign.moqBelowFirstTier", { packs: input.tiers[0].minPacks });
  }
  if (!Number.isInteger(input.depositBp) || input.depositBp < 0 || input.depositBp > 10_000)
    throw bad("depositPercent", "alliance.campaign.depositInvalid");
  if (!Number.isInteger(input.deadlineAt) || input.deadlineAt <= now)
    throw bad("deadlineDate", "alliance.campaign.deadlinePast");
  // Online deposits are charged at once and refunded if the campaign fails: the refund must stay
  // within every method's window (Alipay: 90 days), so the deadline is at most 60 days away.
  if (input.depositBp > 0 && paymentsEnabled() && input.deadlineAt > now + MAX_DEPOSIT_DEADLINE_DAYS * 86_400_000)
    throw bad("deadlineDate", "payments.deadlineTooFar", { days: MAX_DEPOSIT_DEADLINE_DAYS });
  if (!isValidDate(input.expectedDeliveryDate) || input.expectedDeliveryDate <= shanghaiDate(input.deadlineAt)) {
    throw bad("expectedDeliveryDate", "alliance.campaign.deliveryBeforeDeadline");
  }
}

/** The supplier product (of this alliance) and, for a distributor, its SKU with the same barcode and pack. */
function resolveGoods(tx: WriteTx, ctx: Ctx, input: CampaignInput) {
  const product = tx
    .select()
    .from(supplierProducts)
    .where(and(eq(supplierProducts.id, input.supplierProductId), eq(supplierProducts.orgId, ctx.org.id)))
    .get();
  if (!product) throw bad("supplierProductId", "alliance.supplier.productNotFound");
  if (input.distributorOrgId === null) return { product, distributorProductId: null };

  const alliance = tx
    .select({ countyCode: organisations.countyCode })
    .from(organisations)
    .where(eq(organisations.id, ctx.org.id))
    .get();
  const distributor = tx
    .select({ id: organisations.id, name: organisations.name, countyCode: organisations.countyCode })
    .from(organisations)
    .where(and(eq(organisations.id, input.distributorOrgId), eq(organisations.kind, "distributor")))
    .get();
  if (!distributor || distributor.countyCode !== alliance?.countyCode)
    throw bad("distributorOrgId", "alliance.campaign.distributorUnknown");
  if (!product.barcode) throw bad("distributorOrgId", "alliance.campaign.noBarcode", { name: product.name });
  const sku = tx
    .select({ id: products.id, packSize: products.packSize, packUnit: products.packUnit })
    .from(products)
    .innerJoin(catalogItems, eq(catalogItems.productId, products.id))
    .where(and(eq(products.orgId, distributor.id), eq(products.barcode, product.barcode), eq(products.active, true)))
    .get();
  if (!sku)
    throw bad("distributorOrgId", "alliance.campaign.noDistributorSku", {
      distributor: distributor.name,
      barcode: product.barcode,
    });
  if (sku.packSize !== product.packSize) {
    throw bad("distributorOrgId", "alliance.campaign.packSizeMismatch", {
      distributor: distributor.name,
      theirs: sku.packSize,
      ours: product.packSize,
    });
  }
  return { product, distributorProductId: sku.id };
}

function columns(tx: WriteTx, ctx: Ctx, input: CampaignInput, now: number) {
  checkRules(input, now);
  const { product, distributorProductId } = resolveGoods(tx, ctx, input);
  return {
    supplierId: product.supplierId,
    supplierProductId: product.id,
    title: input.title?.trim() || product.name,
    description: input.description,
    productName: product.name,
    barcode: product.barcode,
    baseUnit: product.baseUnit,
    packUnit: product.packUnit,
    packSize: product.packSize,
    moqPacks: input.moqPacks,
    capPacks: input.capPacks,
    deadlineAt: input.deadlineAt,
    distributorOrgId: input.distributorOrgId,
    distributorProductId,
    expectedDeliveryDate: input.expectedDeliveryDate,
    depositBp: input.depositBp,
    updatedAt: now,
  };
}

function writeTiers(tx: WriteTx, ctx: Ctx, campaignId: string, input: CampaignInput) {
  tx.delete(campaignTiers)
    .where(and(eq(campaignTiers.campaignId, campaignId), eq(campaignTiers.orgId, ctx.org.id)))
    .run();
  for (const tier of input.tiers)
    tx.insert(campaignTiers)
      .values({ campaignId, orgId: ctx.org.id, ...tier })
      .run();
}

/** A coordinator drafts a campaign. Once per form (request id); any refusal writes nothing. */
export function createCampaign(ctx: Ctx, input: CampaignInput): { campaignId: string } {
  requirePermission(ctx, "campaign.save");
  const now = ctx.clock.now();
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, `campaign:${input.requestId}`, "campaign.create", () => {
      const id = newId();
      tx.insert(campaigns)
        .values({
          id,
          orgId: ctx.org.id,
          status: "draft",
          createdBy: ctx.actor.id,
          createdAt: now,
          ...columns(tx, ctx, input, now),
        })
        .run();
      writeTiers(tx, ctx, id, input);
      recordCreation(tx, ctx, "campaign", id, "draft");
      return { campaignId: id };
    }),
  );
}

/** Only a draft may be edited: once members can see it, its terms are what they pledge to. */
export function updateCampaign(ctx: Ctx, campaignId: string, input: CampaignInput): { campaignId: string } {
  requirePermission(ctx, "campaign.save");
  const now = ctx.clock.now();
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, `campaign-edit:${input.requestId}`, "campaign.update", () => {
      const campaign = findCampaign(tx, ctx, campaignId);
      if (campaign.status !== "draft") throw new InvalidTransition("alliance.campaign.notDraft");
      const changed = tx
        .update(campaigns)
        .set(columns(tx, ctx, input, now))
        .where(and(eq(campaigns.id, campaignId), eq(campaigns.orgId, ctx.org.id), eq(campaigns.status, "draft")))
        .run();
      if (changed.changes !== 1) throw new InvalidTransition("alliance.campaign.notDraft");
      writeTiers(tx, ctx, campaignId, input);
      return { campaignId };
    }),
  );
}
