import { prepareZXingModule, readBarcodes } from "zxing-wasm/reader";
// The esbuild file loader copies the .wasm into public/build/_assets with a content hash and
// gives its URL: the decoder comes from our own origin, never from zxing-wasm's default CDN.
import wasmUrl from "zxing-wasm/reader/zxing_reader.wasm";
import { ZXING_FORMATS } from "./choose-decoder";

prepareZXingModule({
  overrides: { locateFile: (path: string, prefix: string) => (path.endsWith(".wasm") ? wasmUrl : prefix + path) },
});

/** The texts of the retail barcodes zxing-wasm finds in one camera frame. */
export async function readRetailCodes(frame: ImageData): Promise<string[]> {
  const results = await readBarcodes(frame, {
    formats: [...ZXING_FORMATS],
    tryHarder: true,
    maxNumberOfSymbols: 1,
  });
  return results.filter((r) => r.isValid).map((r) => r.text);
}
