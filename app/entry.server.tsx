import { PassThrough, Transform, type TransformCallback } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { closeDb, getDb } from "@db/client";
export { salesSyncReply } from "~/http/sales-sync.server";
import { NonceProvider } from "~/components/nonce";
import { DocumentInlinesProvider } from "~/components/document-inlines";
import { DeferAppScripts, documentInlines } from "~/http/first-paint.server";

const ABORT_DELAY = 5_000;

/**
 * React 18's streaming renderer writes its whole 2 KB buffer when a multi-byte character does
 * not fit in what is left of it, so the unfilled tail goes out as 1–3 NUL bytes in the middle of
 * the page ("最\0\0多"). Chinese text straddles that boundary all the time. UTF-8 never uses the
 * byte 0x00 inside a character, and no page of ours contains U+0000, so dropping every 0x00 byte
 * restores the text exactly. (Fixed upstream in React 19; see docs/decisions/009.)
 */
export class StripNulBytes extends Transform {
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
    if (chunk.indexOf(0) === -1) return done(null, chunk);
    const out = Buffer.allocUnsafe(chunk.length);
    let n = 0;
    for (const byte of chunk) if (byte !== 0) out[n++] = byte;
    done(null, out.subarray(0, n));
  }
}

/**
 * Every page is rendered completely before it is sent (no out-of-order streaming): loaders await
 * their data, and a whole page is what a phone with JavaScript off needs anyway.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // The nonce server.ts put in the Content-Security-Policy header, on every script we inline.
  const nonce = loadContext.cspNonce;
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <DocumentInlinesProvider value={documentInlines()}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </DocumentInlinesProvider>
      </NonceProvider>,
      {
        nonce,
        onAllReady() {
          shellRendered = true;
          // Everything is rendered: nothing is left to abort. A pending timer would keep this
          // render (its React tree, loader data and encoded payload) alive 5 s after the reply:
          // at a few hundred pages a second that was most of the server's heap (decision 045).
          clearTimeout(timer);
          const body = new PassThrough();
          const clean = body.pipe(new StripNulBytes()).pipe(new DeferAppScripts());
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(clean), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          clearTimeout(timer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors before the shell reject above and are logged by Remix; later ones only here.
          if (shellRendered) console.error(error);
        },
      },
    );
    const timer = setTimeout(abort, ABORT_DELAY);
  });
}

/**
 * The app's database connection, for server.ts: the Remix bundle carries its own copy of db/, so
 * this is the connection requests use — the one to ping for /healthz and to close on shutdown.
 */
export const database = {
  ping: () => getDb().$client.prepare("select 1").get(),
  close: closeDb,
};
