import "~/i18n/dictionaries.server";
import {
  data,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import type { Locale } from "~/i18n/locale";
import { translator, type MessageKey, type MessageParams } from "~/i18n/messages";

/**
 * Reads a multipart form carrying one file named "file". An oversized upload is refused from
 * its Content-Length before it is read (on a village 3G link every megabyte counts); a missing
 * or empty file is a 400. Messages in the user's language.
 */
export async function readFileUpload(
  request: Request,
  locale: Locale,
  { maxBytes, maxSize }: { maxBytes: number; maxSize: string },
) {
  const t = translator(locale);
  const refuse = (status: number, formError: string) => ({
    ok: false as const,
    reply: data({ formError }, { status }),
  });
  const tooLarge = () => refuse(413, t("import.tooLarge", { max: maxSize }));
  if (Number(request.headers.get("content-length")) > maxBytes + 64 * 1024) return tooLarge();
  let formData: FormData;
  try {
    formData = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: maxBytes }),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return tooLarge();
    if (error instanceof TypeError) return refuse(400, t("import.noFile"));
    throw error;
  }
  const file = formData.get("file");
  if (!(file instanceof File) || file.size === 0) return refuse(400, t("import.noFile"));
  return { ok: true as const, formData, bytes: new Uint8Array(await file.arrayBuffer()) };
}

export type RowError<F extends string> = { row: number; field: F | null; key: MessageKey; params?: MessageParams };

const LISTED_ERRORS = 100;

/** A refused import as its report lists it: "第 3 行，条码：…", the first hundred, then a count. */
export function rowErrorsReply<F extends string>(
  locale: Locale,
  errors: RowError<F>[],
  columnLabel: (field: F, locale: Locale) => string,
) {
  const t = translator(locale);
  const rowErrors = errors.slice(0, LISTED_ERRORS).map((e) =>
    t("import.rowError", {
      row: e.row,
      column: e.field ? columnLabel(e.field, locale) : t("import.header"),
      message: t(e.key, e.params),
    }),
  );
  const count = new Set(errors.map((e) => e.row)).size;
  return data(
    { formError: t("import.failed", { count }), rowErrors, more: errors.length - rowErrors.length },
    { status: 400 },
  );
}
