/**
 * A CSV as a download. The Chinese file name goes in RFC 5987 `filename*`; `filename` carries an
 * ASCII fallback for clients that ignore it. encodeURIComponent leaves ' ( ) * unescaped, which
 * the RFC's attr-char does not allow.
 */
export function csvDownload(body: string, fileName: string, asciiFallback: string): Response {
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${asciiFallback}"; filename*=UTF-8''${encoded}`,
      "Cache-Control": "private, no-store",
    },
  });
}

/** An .xlsx as a download, named like `csvDownload`. */
export function xlsxDownload(body: Uint8Array, fileName: string, asciiFallback: string): Response {
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return new Response(body as Uint8Array<ArrayBuffer>, {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="${asciiFallback}"; filename*=UTF-8''${encoded}`,
      "Cache-Control": "private, no-store",
    },
  });
}
