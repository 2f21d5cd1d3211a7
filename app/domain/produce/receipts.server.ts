import { toSVG } from "bwip-js/node";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@db/client";
import { farmers, lotSources, organisations, producePurchases, stockLots, storeCertificates } from "@db/schema";
import type { Ctx } from "../context.server";
import { NotFound } from "../errors";
import { readCertificatePhoto } from "./certificate-files.server";
import { tracePathOfLot } from "./produce-views.server";

/**
 * The farmer's receipt, opened by the link the store sends (the token is the credential, and
 * opens this one receipt only). It shows what the farmer needs to check and dispute: weight or
 * count, grade, price, amount, how it was paid, the certificate number, the dispute deadline.
 */
export function receiptByToken(db: Db, token: string) {
  if (!/^[A-Za-z0-9_-]{16}$/.test(token)) throw new NotFound();
  const row = db
    .select({ purchase: producePurchases, farmer: farmers, storeName: organisations.name })
    .from(producePurchases)
    .innerJoin(farmers, eq(farmers.id, producePurchases.farmerId))
    .innerJoin(organisations, eq(organisations.id, producePurchases.orgId))
    .where(eq(producePurchases.receiptToken, token))
    .get();
  if (!row) throw new NotFound();
  const { purchase, farmer, storeName } = row;
  return {
    storeName,
    farmerName: farmer.name,
    village: farmer.village,
    produce: purchase.produce,
    grade: purchase.grade,
    unit: purchase.unit,
    qty: purchase.qty,
    priceFen: purchase.priceFen,
    amountFen: purchase.amountFen,
    payment: purchase.payment,
    certNo: purchase.certNo,
    harvestDate: purchase.harvestDate,
    boughtAt: purchase.createdAt,
    disputeUntil: purchase.disputeUntil,
  };
}

/** A purchase's receipt as the store sees it (to print, and to copy the link to send). */
export function purchaseReceipt(ctx: Ctx, purchaseId: string) {
  const row = ctx.db
    .select({ token: producePurchases.receiptToken })
    .from(producePurchases)
    .where(and(eq(producePurchases.id, purchaseId), eq(producePurchases.orgId, ctx.org.id)))
    .get();
  if (!row) throw new NotFound();
  return { ...receiptByToken(ctx.db, row.token), token: row.token, purchaseId };
}

/**
 * A produce lot's certificate sheet: each farmer's 承诺达标合格证 kept with the lot (number,
 * farmer, village, harvest date) and, for a lot mixed from several farmers, the store's own
 * certificate number; a QR code to the lot's public trace page.
 */
export function lotCertificate(ctx: Ctx, lotId: string, origin: string) {
  const lot = ctx.db
    .select()
    .from(stockLots)
    .where(and(eq(stockLots.id, lotId), eq(stockLots.orgId, ctx.org.id)))
    .get();
  if (!lot) throw new NotFound();
  // The farmers behind the lot: its own purchase, or (a mixed lot) the purchases of the lots poured into it.
  const edges = ctx.db
    .select()
    .from(lotSources)
    .where(and(eq(lotSources.orgId, ctx.org.id), eq(lotSources.lotId, lot.id)))
    .all();
  const purchaseIds = edges.filter((e) => e.sourceKind === "produce_purchase").map((e) => e.sourceId);
  const sourceLots = edges
    .filter((e) => e.sourceKind === "stock_lot" && e.sourceOrgId === ctx.org.id)
    .map((e) => e.sourceId);
  if (sourceLots.length > 0) {
    const poured = ctx.db
      .select({ id: producePurchases.id })
      .from(producePurchases)
      .where(and(eq(producePurchases.orgId, ctx.org.id), inArray(producePurchases.lotId, sourceLots)))
      .all();
    purchaseIds.push(...poured.map((p) => p.id));
  }
  const sources = purchaseIds.length
    ? ctx.db
        .select({ purchase: producePurchases, farmerName: farmers.name, village: farmers.village })
        .from(producePurchases)
        .innerJoin(farmers, eq(farmers.id, producePurchases.farmerId))
        .where(and(eq(producePurchases.orgId, ctx.org.id), inArray(producePurchases.id, purchaseIds)))
        .all()
    : [];
  const own = ctx.db
    .select()
    .from(storeCertificates)
    .where(and(eq(storeCertificates.orgId, ctx.org.id), eq(storeCertificates.lotId, lot.id)))
    .get();
  const tracePath = tracePathOfLot(ctx, lot.id);
  const traceUrl = tracePath ? `${origin}${tracePath}` : null;
  return {
    storeName: ctx.org.name,
    batchNo: lot.batchNo,
    ownNumber: own?.number ?? null,
    sources: sources.map((s) => ({
      certNo: s.purchase.certNo,
      farmerName: s.farmerName,
      village: s.village,
      produce: s.purchase.produce,
      grade: s.purchase.grade,
      harvestDate: s.purchase.harvestDate,
      hasPhoto: s.purchase.certPhoto !== null,
      purchaseId: s.purchase.id,
    })),
    traceUrl,
    qrSvg: traceUrl ? qrSvg(traceUrl) : null,
  };
}

/** A QR code as an SVG string (bwip-js), drawn on the server: nothing for the phone to load. */
export function qrSvg(text: string): string {
  return toSVG({ bcid: "qrcode", text, scale: 3 });
}

/** The certificate photo of one of the store's purchases; NotFound for any other id or no photo. */
export function certificatePhoto(ctx: Ctx, purchaseId: string) {
  const row = ctx.db
    .select({ photo: producePurchases.certPhoto })
    .from(producePurchases)
    .where(and(eq(producePurchases.id, purchaseId), eq(producePurchases.orgId, ctx.org.id)))
    .get();
  if (!row?.photo) throw new NotFound();
  return readCertificatePhoto(row.photo);
}
