import type { Ctx } from "../context.server";
import { fenToYuanString } from "../money";
import { writeXlsx } from "../sheets/xlsx.server";
import { translator, type MessageKey } from "~/i18n/messages";
import { compareQuotes } from "./compare.server";

/**
 * The comparison as a sheet: one row per supplier and band (price, fallback, landed cost, money
 * as numbers formatted 0.00), then the terms, certificates and record. Sealed like the page.
 */
export function comparisonXlsx(ctx: Ctx, rfqId: string): Promise<Uint8Array> {
  const { request, offers } = compareQuotes(ctx, rfqId);
  const t = translator(ctx.locale);
  const header = [
    t("alliance.nav.suppliers"),
    t("negotiation.field.bands"),
    t("negotiation.compare.price"),
    t("negotiation.quote.fallback"),
    t("negotiation.compare.landed"),
    t("negotiation.quote.minimum"),
    t("negotiation.quote.lead"),
    t("negotiation.quote.validUntil"),
    t("negotiation.quote.paymentTerms"),
    t("negotiation.quote.delivery"),
    t("negotiation.field.certs"),
    t("negotiation.history"),
  ];
  const rows = offers.flatMap((o) =>
    o.landed.map((l) => [
      o.supplierName,
      l.minPacks,
      Number(fenToYuanString(l.priceFen)),
      l.fallbackPriceFen === null ? "" : Number(fenToYuanString(l.fallbackPriceFen)),
      Number(fenToYuanString(l.landedFen)),
      o.version.minimumPacks,
      o.version.leadTimeDays,
      o.version.validUntil,
      o.version.paymentTermsDays,
      Number(fenToYuanString(o.version.deliveryFen)),
      o.required
        .map(
          (r) =>
            `${t(`alliance.cert.kind.${r.kind}` as MessageKey)}:${r.state === "missing" ? t("negotiation.cert.missing") : t(`alliance.cert.state.${r.state}`)}`,
        )
        .join(" "),
      t("negotiation.compare.record", o.record),
    ]),
  );
  const title = request.title.replace(/[:\\/?*[\]]/g, " ").slice(0, 31) || "quotes";
  return writeXlsx(title, header, rows, { 2: "0.00", 3: "0.00", 4: "0.00", 9: "0.00" });
}
