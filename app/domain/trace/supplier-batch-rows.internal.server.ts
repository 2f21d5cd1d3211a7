import { and, eq } from "drizzle-orm";
import { campaigns, supplierBatches, supplierCertificates, supplierOrders, suppliers } from "@db/schema";
import { shanghaiDate } from "../dates";
import { blank, orgName, type Walk } from "./chain-rows.internal.server";

/** The supplier batch, its supplier order and campaign, certificate and supplier (the origin). */
export function supplierBatchRows(w: Walk, batchId: string, allianceOrgId: string): void {
  const b = w.ctx.db
    .select({
      batchNo: supplierBatches.batchNo,
      productionDate: supplierBatches.productionDate,
      expiryDate: supplierBatches.expiryDate,
      supplier: suppliers.name,
      licenceNo: suppliers.licenceNo,
      certTitle: supplierCertificates.title,
      certNo: supplierCertificates.number,
      orderDate: supplierOrders.createdAt,
      packs: supplierOrders.packs,
      campaign: campaigns.title,
      product: campaigns.productName,
      packUnit: campaigns.packUnit,
      deadlineAt: campaigns.deadlineAt,
    })
    .from(supplierBatches)
    .innerJoin(supplierOrders, eq(supplierOrders.id, supplierBatches.supplierOrderId))
    .innerJoin(campaigns, eq(campaigns.id, supplierOrders.campaignId))
    .innerJoin(suppliers, eq(suppliers.id, supplierBatches.supplierId))
    .leftJoin(supplierCertificates, eq(supplierCertificates.id, supplierBatches.certificateId))
    .where(and(eq(supplierBatches.id, batchId), eq(supplierBatches.orgId, allianceOrgId)))
    .get();
  if (!b) return;
  const alliance = orgName(w.ctx, allianceOrgId);
  w.rows.push({
    ...blank,
    side: "up",
    step: "supplierBatch",
    date: b.productionDate ?? "",
    who: b.supplier,
    what: b.product,
    batchNo: b.batchNo,
    expiryDate: b.expiryDate ?? "",
    certificate: b.certNo ?? "",
  });
  w.rows.push({
    ...blank,
    side: "up",
    step: "supplierOrder",
    date: shanghaiDate(b.orderDate),
    who: alliance,
    what: b.product,
    qty: b.packs,
    unit: b.packUnit,
  });
  w.rows.push({
    ...blank,
    side: "up",
    step: "campaign",
    date: shanghaiDate(b.deadlineAt),
    who: alliance,
    what: b.campaign,
  });
  if (b.certNo || b.certTitle)
    w.rows.push({
      ...blank,
      side: "up",
      step: "certificate",
      date: "",
      who: b.supplier,
      what: b.certTitle ?? "",
      certificate: b.certNo ?? "",
    });
  w.rows.push({
    ...blank,
    side: "up",
    step: "supplier",
    date: "",
    who: b.supplier,
    what: "",
    certificate: b.licenceNo ?? "",
  });
}
