import { describe, expect, it } from "vitest";
import { acceptCode, chooseDecoder, NATIVE_FORMATS } from "~/components/scan/choose-decoder";
import { gs1CheckDigit } from "~/domain/inventory/barcode";

// Which decoder a phone's camera uses (decision 034). The decoding itself is tested for real in
// tests/browser/camera-scan.test.ts, on Chromium's fake camera.
describe("choosing the camera's decoder", () => {
  it("uses the browser's BarcodeDetector when it reads EAN-13, EAN-8 and UPC-A", () => {
    expect(chooseDecoder({ camera: true, nativeFormats: ["qr_code", ...NATIVE_FORMATS, "code_128"] })).toBe("native");
  });

  it("falls back to zxing-wasm where there is no BarcodeDetector (Chromium on Linux, Firefox)", () => {
    expect(chooseDecoder({ camera: true, nativeFormats: null })).toBe("zxing");
  });

  it("falls back to zxing-wasm when the BarcodeDetector lacks one of the retail formats", () => {
    expect(chooseDecoder({ camera: true, nativeFormats: ["ean_13", "ean_8", "qr_code"] })).toBe("zxing");
    expect(chooseDecoder({ camera: true, nativeFormats: [] })).toBe("zxing");
  });

  it("chooses nothing without a camera API, whatever the detector could read", () => {
    expect(chooseDecoder({ camera: false, nativeFormats: [...NATIVE_FORMATS] })).toBe("none");
    expect(chooseDecoder({ camera: false, nativeFormats: null })).toBe("none");
  });
});

describe("accepting a decoded code", () => {
  const ean13 = "690123456789" + gs1CheckDigit("690123456789");
  const ean8 = "9638507" + gs1CheckDigit("9638507");
  const upcA = "03600029145" + gs1CheckDigit("03600029145");

  it("keeps EAN-13 and EAN-8 as read, and a UPC-A as the EAN-13 twin the shop stores", () => {
    expect(acceptCode(ean13)).toBe(ean13);
    expect(acceptCode(ean8)).toBe(ean8);
    expect(acceptCode(upcA)).toBe(`0${upcA}`);
  });

  it("drops a misread frame: a wrong check digit, a wrong length, anything not digits", () => {
    const wrong = ean13.slice(0, -1) + ((Number(ean13.at(-1)) + 1) % 10);
    expect(acceptCode(wrong)).toBeNull();
    expect(acceptCode(ean13.slice(0, 10))).toBeNull();
    expect(acceptCode(`${ean8} `)).toBeNull();
    expect(acceptCode("https://example.com")).toBeNull();
    expect(acceptCode("")).toBeNull();
  });
});
