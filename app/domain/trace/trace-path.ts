import { gs1CheckDigit, hasValidCheckDigit } from "../inventory/barcode";

// The public address of a lot (decision 040): the shape of a GS1 Digital Link URI where the
// product carries a retail barcode, so any GS1 resolver or scanner app understands it, and a
// plain lot path otherwise. Pure: labels, certificates (lane produce) and the page share it.

/** An EAN-8/EAN-13/UPC-A/GTIN-14 with a valid check digit as a GTIN-14 (left-padded with zeros), or null. */
export function gtin14(barcode: string | null | undefined): string | null {
  const code = (barcode ?? "").replace(/[\s-]/g, "");
  if (![8, 12, 13, 14].includes(code.length) || !hasValidCheckDigit(code)) return null;
  const padded = code.padStart(14, "0");
  // Padding keeps the check digit valid (zeros weigh nothing); asserted rather than assumed.
  return gs1CheckDigit(padded.slice(0, -1)) === Number(padded.at(-1)) ? padded : null;
}

/** "YYYY-MM-DD" → GS1 application identifier 17's "YYMMDD", or null when there is no date. */
export function gs1Date(date: string | null | undefined): string | null {
  const m = /^\d{2}(\d{2})-(\d{2})-(\d{2})$/.exec(date ?? "");
  return m ? `${m[1]}${m[2]}${m[3]}` : null;
}

export type TracePathInput = { code: string; barcode?: string | null; expiryDate?: string | null };

/**
 * `/01/{GTIN-14}/10/{code}?17=YYMMDD` for a product with a GTIN (the expiry only when known),
 * `/lot/{code}` otherwise. The lot (AI 10) is the lot's public trace code, never an internal id.
 */
export function tracePathFor({ code, barcode, expiryDate }: TracePathInput): string {
  const lot = encodeURIComponent(code);
  const gtin = gtin14(barcode);
  if (!gtin) return `/lot/${lot}`;
  const expiry = gs1Date(expiryDate);
  return `/01/${gtin}/10/${lot}${expiry ? `?17=${expiry}` : ""}`;
}

/** The absolute URL a label's QR code carries. */
export function traceUrlFor(origin: string, input: TracePathInput): string {
  return `${origin.replace(/\/$/, "")}${tracePathFor(input)}`;
}
