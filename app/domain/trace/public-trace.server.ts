import { and, eq } from "drizzle-orm";
import {
  farmers,
  producePurchases,
  organisations,
  products,
  stockLots,
  supplierBatches,
  supplierCertificates,
  suppliers,
  type LotSourceKind,
} from "@db/schema";
import type { Db } from "@db/client";
import { shanghaiDate } from "../dates";
import { NotFound } from "../errors";
import { lotOfTraceCode, sourcesOfLot } from "./lot-sources.internal.server";

type LotSource = ReturnType<typeof sourcesOfLot>[number];
import { gtin14 } from "./trace-path";
import { recallNoticeForLot, type RecallNotice } from "./recall-notice.server";

// What a consumer sees after scanning a label (decision 040): the product, its batch and dates,
// where it came from as places (a village, a county, a supplier's registered name), certificate
// numbers — and whether the lot is recalled. Built as an allow-list: only the fields below leave
// this module, so no phone, person's name, price, customer or internal id can reach the page.

export type PublicStep = { step: "supplier" | "farm" | "warehouse" | "store"; date: string; place: string };

export type PublicTrace = {
  product: string;
  batchNo: string;
  expiryDate: string;
  producedDate: string;
  steps: PublicStep[];
  certificates: string[];
  recall: RecallNotice;
};

type Lot = typeof stockLots.$inferSelect;
const MAX_DEPTH = 6;

/** The public trace of the lot a code opens; a GTIN in the path must be the product's own. */
export function publicTrace(db: Db, code: string, gtin?: string): PublicTrace {
  if (!/^[0-9A-Za-z]{6,20}$/.test(code)) throw new NotFound();
  const found = lotOfTraceCode(db, code);
  if (!found) throw new NotFound();
  const lot = db
    .select()
    .from(stockLots)
    .where(and(eq(stockLots.id, found.lotId), eq(stockLots.orgId, found.orgId)))
    .get();
  if (!lot) throw new NotFound();
  const product = db
    .select({ name: products.name, barcode: products.barcode })
    .from(products)
    .where(and(eq(products.id, lot.productId), eq(products.orgId, lot.orgId)))
    .get();
  if (!product) throw new NotFound();
  if (gtin !== undefined && gtin14(product.barcode) !== gtin) throw new NotFound();

  const out: PublicTrace = {
    product: product.name,
    batchNo: lot.batchNo,
    expiryDate: lot.expiryDate,
    producedDate: "",
    steps: [],
    certificates: [],
    recall: recallNoticeForLot(db, lot.id),
  };
  const steps: PublicStep[] = [];
  walkUp(db, lot, out, steps, new Set([lot.id]), 0);
  out.steps = steps.reverse();
  out.certificates = [...new Set(out.certificates)];
  return out;
}

function placeOf(db: Db, orgId: string): { kind: string; place: string } {
  const org = db
    .select({
      kind: organisations.kind,
      county: organisations.county,
      township: organisations.township,
      village: organisations.village,
    })
    .from(organisations)
    .where(eq(organisations.id, orgId))
    .get();
  if (!org) return { kind: "", place: "" };
  const place = org.kind === "store" ? [org.township, org.village].filter(Boolean).join(" ") : (org.county ?? "");
  return { kind: org.kind, place };
}

/** The lot itself as a step (arrival at the shop, into the warehouse), then its sources, nearest first. */
function walkUp(db: Db, lot: Lot, out: PublicTrace, steps: PublicStep[], seen: Set<string>, depth: number) {
  const { kind, place } = placeOf(db, lot.orgId);
  const edges = sourcesOfLot(db, lot.orgId, lot.id);
  const arrived = edges.length ? Math.min(...edges.map((e) => e.createdAt)) : lot.createdAt;
  steps.push({ step: kind === "distributor" ? "warehouse" : "store", date: shanghaiDate(arrived), place });
  if (depth >= MAX_DEPTH) return;
  for (const edge of edges) {
    const sourceKind: LotSourceKind = edge.sourceKind;
    if (sourceKind === "stock_lot") {
      if (seen.has(edge.sourceId)) continue;
      seen.add(edge.sourceId);
      const source = db
        .select()
        .from(stockLots)
        .where(and(eq(stockLots.id, edge.sourceId), eq(stockLots.orgId, edge.sourceOrgId)))
        .get();
      if (source) walkUp(db, source, out, steps, seen, depth + 1);
    } else if (sourceKind === "supplier_batch") {
      supplierStep(db, edge.sourceId, edge.sourceOrgId, out, steps);
    } else {
      farmStep(db, edge, out, steps);
    }
  }
}

/**
 * A farmer's produce (decision 039): the farmer's village, the harvest date and the number of the
 * farmer's 承诺达标合格证; never the farmer's name, phone or the certificate's photo (it carries
 * both). Without the purchase row, the village of the store that bought it.
 */
function farmStep(db: Db, edge: LotSource, out: PublicTrace, steps: PublicStep[]) {
  const bought = db
    .select({ village: farmers.village, harvestDate: producePurchases.harvestDate, certNo: producePurchases.certNo })
    .from(producePurchases)
    .innerJoin(farmers, eq(farmers.id, producePurchases.farmerId))
    .where(and(eq(producePurchases.id, edge.sourceId), eq(producePurchases.orgId, edge.sourceOrgId)))
    .get();
  if (!bought) {
    steps.push({ step: "farm", date: shanghaiDate(edge.createdAt), place: placeOf(db, edge.orgId).place });
    return;
  }
  out.producedDate ||= bought.harvestDate;
  if (bought.certNo && !out.certificates.includes(bought.certNo)) out.certificates.push(bought.certNo);
  steps.push({ step: "farm", date: bought.harvestDate, place: bought.village });
}

function supplierStep(db: Db, batchId: string, allianceOrgId: string, out: PublicTrace, steps: PublicStep[]) {
  const b = db
    .select({
      productionDate: supplierBatches.productionDate,
      supplier: suppliers.name,
      licenceNo: suppliers.licenceNo,
      certNo: supplierCertificates.number,
      createdAt: supplierBatches.createdAt,
    })
    .from(supplierBatches)
    .innerJoin(suppliers, eq(suppliers.id, supplierBatches.supplierId))
    .leftJoin(supplierCertificates, eq(supplierCertificates.id, supplierBatches.certificateId))
    .where(and(eq(supplierBatches.id, batchId), eq(supplierBatches.orgId, allianceOrgId)))
    .get();
  if (!b) return;
  out.producedDate = b.productionDate ?? out.producedDate;
  if (b.certNo) out.certificates.push(b.certNo);
  if (b.licenceNo) out.certificates.push(b.licenceNo);
  steps.push({ step: "supplier", date: b.productionDate ?? shanghaiDate(b.createdAt), place: b.supplier });
}
