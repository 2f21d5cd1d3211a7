import { supplierCertificates, uploadedFiles } from "@db/schema";
import { inTransaction } from "../context.server";
import { Conflict, Invalid } from "../errors";
import { newId } from "../ids.server";
import type { UploadFields } from "./fields.server";
import { answerWindow, linkRequest, type SupplierLink } from "./supplier-link.server";
import { checkUpload, cleanFileName, discard, storeBytes } from "./uploads.server";

/**
 * The supplier attaches a certificate (which also goes on its record with the alliance, with the
 * file linked) or its own price sheet. Type sniffed from the bytes, size checked, stored under
 * uploadsDirectory(); refused with nothing written and no file left behind.
 */
export function attachSupplierFile(
  link: SupplierLink,
  fields: UploadFields,
  file: { name: string; bytes: Uint8Array },
): { fileId: string; certificateId: string | null } {
  const now = link.clock.now();
  const type = checkUpload(file.bytes);
  if (fields.kind === "certificate" && (!fields.certKind || !fields.certTitle))
    throw new Invalid("negotiation.upload.certFields", {}, { certTitle: "negotiation.upload.certFields" });
  const request = linkRequest(link.db, link);
  if (!answerWindow(link.db, link, request).open) throw new Conflict("negotiation.closedForQuotes");
  const id = newId();
  const stored = storeBytes(id, file.bytes, type.ext);
  try {
    return inTransaction(link.db, (tx) => {
      let certificateId: string | null = null;
      if (fields.kind === "certificate") {
        certificateId = newId();
        tx.insert(supplierCertificates)
          .values({
            id: certificateId,
            orgId: link.orgId,
            supplierId: link.supplierId,
            kind: fields.certKind!,
            title: fields.certTitle!,
            number: fields.certNumber,
            validFrom: null,
            validUntil: fields.certValidUntil,
            createdAt: now,
          })
          .run();
      }
      tx.insert(uploadedFiles)
        .values({
          id,
          orgId: link.orgId,
          supplierId: link.supplierId,
          invitationId: link.invitationId,
          certificateId,
          kind: fields.kind,
          fileName: cleanFileName(file.name),
          mime: type.mime,
          bytes: file.bytes.length,
          sha256: stored.sha256,
          storedName: stored.storedName,
          createdAt: now,
        })
        .run();
      return { fileId: id, certificateId };
    });
  } catch (error) {
    discard(stored.storedName);
    throw error;
  }
}
