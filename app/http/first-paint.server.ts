import fs from "node:fs";
import path from "node:path";
import { Transform, type TransformCallback } from "node:stream";
import { AFTER_PAINT } from "~/components/after-paint";
import stylesheet from "~/tailwind.css";

/**
 * What makes a page's first paint wait for nothing but its own HTML (decision 048): the
 * stylesheet written into the head, and the app's JavaScript fetched only after that paint.
 */

let css: string | undefined;

/** The built stylesheet (public/build/_assets/tailwind-*.css), read once per server process. */
export function stylesheetText(): string {
  css ??= fs.readFileSync(path.join(path.resolve("public"), stylesheet), "utf8");
  return css;
}

/**
 * Remix's `<link rel="modulepreload">` tags and its module script, written inert: the browser's
 * preload scanner would otherwise fetch every module while the page is still being laid out, and
 * a module that arrives first runs first. AfterPaintScripts (app/components/after-paint.tsx)
 * turns them back on after the first paint. React writes these tags exactly so; page text cannot
 * contain them (React escapes `<` in text, Remix escapes it in the data it inlines).
 */
export function deferAppScripts(html: string): string {
  return html
    .replaceAll('<link rel="modulepreload"', `<link rel="${AFTER_PAINT}"`)
    .replace(/<script([^>]*?) type="module"/g, `<script$1 type="${AFTER_PAINT}"`);
}

/** The whole document, rewritten by deferAppScripts once React has written all of it. */
export class DeferAppScripts extends Transform {
  private chunks: Buffer[] = [];
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
    this.chunks.push(chunk);
    done();
  }
  override _flush(done: TransformCallback) {
    done(null, Buffer.from(deferAppScripts(Buffer.concat(this.chunks).toString("utf8")), "utf8"));
  }
}
