import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import type { Db } from "@db/client";
import { uploadsDirectory } from "@db/files";
import { uploadedFiles } from "@db/schema";
import { Invalid, NotFound } from "../errors";

/** Certificates and price sheets: a phone photo or a scanned PDF fits well within this. */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
export const MAX_UPLOAD_LABEL = "5 MB";

const SIGNATURES: { mime: string; ext: string; test: (b: Uint8Array) => boolean }[] = [
  { mime: "application/pdf", ext: "pdf", test: (b) => ascii(b, 0, 5) === "%PDF-" },
  {
    mime: "image/png",
    ext: "png",
    test: (b) => [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((x, i) => b[i] === x),
  },
  { mime: "image/jpeg", ext: "jpg", test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { mime: "image/webp", ext: "webp", test: (b) => ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "WEBP" },
];

function ascii(bytes: Uint8Array, from: number, to: number) {
  return String.fromCharCode(...bytes.subarray(from, to));
}

/** The file's type from its first bytes (never the browser's say-so), or null for anything but PDF/PNG/JPEG/WebP. */
export function sniffType(bytes: Uint8Array): { mime: string; ext: string } | null {
  if (bytes.length < 12) return null;
  const found = SIGNATURES.find((s) => s.test(bytes));
  return found ? { mime: found.mime, ext: found.ext } : null;
}

/** Checks size and type; the refusal is a 400/413 in the user's language, with nothing stored. */
export function checkUpload(bytes: Uint8Array) {
  if (bytes.length === 0) throw new Invalid("negotiation.upload.empty", {}, { file: "negotiation.upload.empty" });
  if (bytes.length > MAX_UPLOAD_BYTES)
    throw new Invalid(
      "negotiation.upload.tooLarge",
      { max: MAX_UPLOAD_LABEL },
      { file: "negotiation.upload.tooLarge" },
    );
  const type = sniffType(bytes);
  if (!type) throw new Invalid("negotiation.upload.type", {}, { file: "negotiation.upload.type" });
  return type;
}

const folder = () => path.join(uploadsDirectory(), "negotiation");

/**
 * Writes the bytes under uploadsDirectory()/negotiation/<id>.<ext> (a name of ours: nothing the
 * sender typed reaches the file system) and returns what the row keeps. The caller inserts the
 * row in its transaction and calls `discard` if that fails, so no row points at a missing file and
 * no file outlives a refused write.
 */
export function storeBytes(id: string, bytes: Uint8Array, ext: string) {
  fs.mkdirSync(folder(), { recursive: true });
  const storedName = `negotiation/${id}.${ext}`;
  fs.writeFileSync(path.join(uploadsDirectory(), storedName), bytes, { flag: "wx" });
  return { storedName, sha256: createHash("sha256").update(bytes).digest("hex") };
}

export function discard(storedName: string) {
  fs.rmSync(path.join(uploadsDirectory(), storedName), { force: true });
}

/** A display name: the last path part, control characters out, at most 80 characters. */
export function cleanFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const base = (name.split(/[\\/]/).pop() ?? "").replace(/[\u0000-\u001f\u007f"<>]/g, "").trim();
  return (base || "file").slice(0, 80);
}

/** The bytes of a file of this organisation, for a download; 404 for any other id. */
export function readUpload(db: Db, orgId: string, fileId: string, invitationId?: string) {
  const row = db
    .select()
    .from(uploadedFiles)
    .where(
      and(
        eq(uploadedFiles.id, fileId),
        eq(uploadedFiles.orgId, orgId),
        invitationId ? eq(uploadedFiles.invitationId, invitationId) : undefined,
      ),
    )
    .get();
  if (!row) throw new NotFound();
  return { row, bytes: fs.readFileSync(path.join(uploadsDirectory(), row.storedName)) };
}
