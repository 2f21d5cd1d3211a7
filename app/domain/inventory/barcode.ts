/**
 * Retail barcodes carry a check digit (GS1 mod-10): the digits, weighted 3 and 1 alternately
 * from the right of the body, sum with the check digit to a multiple of ten. A mistyped digit
 * always fails it, which is why a typo must be refused rather than stored.
 */
export function gs1CheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

export function hasValidCheckDigit(code: string): boolean {
  if (!/^\d+$/.test(code)) return false;
  return gs1CheckDigit(code.slice(0, -1)) === Number(code.at(-1));
}

/**
 * EAN-13, EAN-8 or UPC-A with a valid check digit, or null. UPC-A (12 digits) is stored as its
 * EAN-13 form (a leading 0), because scanners report the same product either way.
 */
export function normaliseBarcode(input: string): string | null {
  const code = input.replace(/[\s-]/g, "");
  if (![8, 12, 13].includes(code.length) || !hasValidCheckDigit(code)) return null;
  return code.length === 12 ? `0${code}` : code;
}

/** Whether a search string could be a barcode at all (a scanner sends only digits). */
export function looksLikeBarcode(input: string): boolean {
  return /^\d{8,14}$/.test(input.replace(/\s/g, ""));
}
