import fs from "node:fs";
import path from "node:path";
import { uploadsDirectory } from "@db/files";
import { checkUpload } from "../negotiation/uploads.server";
import { newId } from "../ids.server";

// The photo of a farmer's 承诺达标合格证, kept with the lot (the rules ask a buyer to keep it for at
// least six months). Same checks as every upload: size, and a type read from the bytes.

export { MAX_UPLOAD_BYTES, MAX_UPLOAD_LABEL } from "../negotiation/uploads.server";

/** Checks the bytes and writes them under uploadsDirectory()/produce/ with a name of ours. */
export function storeCertificatePhoto(bytes: Uint8Array): string {
  const type = checkUpload(bytes);
  fs.mkdirSync(path.join(uploadsDirectory(), "produce"), { recursive: true });
  const storedName = `produce/${newId()}.${type.ext}`;
  fs.writeFileSync(path.join(uploadsDirectory(), storedName), bytes, { flag: "wx" });
  return storedName;
}

/** Removes a photo whose purchase was refused, so no file outlives a write that did not happen. */
export function discardCertificatePhoto(storedName: string) {
  fs.rmSync(path.join(uploadsDirectory(), storedName), { force: true });
}

export function readCertificatePhoto(storedName: string): { bytes: Buffer; mime: string } {
  const ext = path.extname(storedName).slice(1);
  const mime =
    { pdf: "application/pdf", png: "image/png", jpg: "image/jpeg", webp: "image/webp" }[ext] ??
    "application/octet-stream";
  return { bytes: fs.readFileSync(path.join(uploadsDirectory(), storedName)), mime };
}
