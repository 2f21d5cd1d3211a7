import bwipjs from "bwip-js/node";
import { and, eq } from "drizzle-orm";
import { products, stockLots } from "@db/schema";
import { inTransaction, type Ctx } from "../context.server";
import { NotFound } from "../errors";
import { requirePermission } from "../permission-check.server";
import { traceCodeFor } from "./lot-sources.internal.server";
import { traceUrlFor } from "./trace-path";

// A lot's printable label (decision 040): product, batch, expiry and a QR code of the lot's
// public trace URL. Printing mints the lot's public code on first use (one row, safe to repeat).

export type LotLabel = {
  product: string;
  batchNo: string;
  expiryDate: string;
  code: string;
  url: string;
  qrSvg: string;
};

export function lotLabel(ctx: Ctx, lotId: string, origin: string): LotLabel {
  requirePermission(ctx, "trace.label");
  return inTransaction(ctx.db, (tx) => {
    const lot = tx
      .select({
        id: stockLots.id,
        batchNo: stockLots.batchNo,
        expiryDate: stockLots.expiryDate,
        product: products.name,
        barcode: products.barcode,
      })
      .from(stockLots)
      .innerJoin(products, and(eq(products.id, stockLots.productId), eq(products.orgId, ctx.org.id)))
      .where(and(eq(stockLots.id, lotId), eq(stockLots.orgId, ctx.org.id)))
      .get();
    if (!lot) throw new NotFound();
    const code = traceCodeFor(tx, ctx.org.id, lot.id, ctx.clock.now());
    const url = traceUrlFor(origin, { code, barcode: lot.barcode, expiryDate: lot.expiryDate });
    // The QR symbol as SVG (bwip-js draws it on the server; no script on the label page).
    const qrSvg = bwipjs.toSVG({ bcid: "qrcode", text: url });
    return { product: lot.product, batchNo: lot.batchNo, expiryDate: lot.expiryDate, code, url, qrSvg };
  });
}
