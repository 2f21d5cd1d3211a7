import { normaliseBarcode } from "~/domain/inventory/barcode";

/** The retail symbologies a village shop's shelves carry, as each decoder names them. */
export const NATIVE_FORMATS = ["ean_13", "ean_8", "upc_a"] as const;
export const ZXING_FORMATS = ["EAN13", "EAN8", "UPCA"] as const;

export type DecoderChoice = "native" | "zxing" | "none";

/**
 * Which decoder reads the camera: the browser's own BarcodeDetector when it reads all three
 * retail formats (Android Chrome, Samsung Internet, Safari on newer iOS), otherwise zxing-wasm,
 * downloaded only now; none without a camera API (an old browser, or plain HTTP, which is not a
 * secure context). `nativeFormats` is what BarcodeDetector.getSupportedFormats() answered, or
 * null where BarcodeDetector does not exist (Chromium on Linux, Firefox).
 */
export function chooseDecoder({
  camera,
  nativeFormats,
}: {
  camera: boolean;
  nativeFormats: readonly string[] | null;
}): DecoderChoice {
  if (!camera) return "none";
  if (nativeFormats && NATIVE_FORMATS.every((f) => nativeFormats.includes(f))) return "native";
  return "zxing";
}

/**
 * A decoded text that is a retail code with a valid check digit, in the form the shop stores
 * (UPC-A as its EAN-13 twin), or null: a misread frame is dropped and the camera keeps looking.
 */
export function acceptCode(text: string): string | null {
  return /^\d+$/.test(text) ? normaliseBarcode(text) : null;
}
