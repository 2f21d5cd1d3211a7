import fs from "node:fs";
import path from "node:path";
import { Transform, type TransformCallback } from "node:stream";
import { PARKED_REL, PARKED_TYPE } from "~/components/after-paint";
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

const PRELOAD = Buffer.from('<link rel="modulepreload"');
const MODULE_TYPE = Buffer.from(' type="module"');
const SCRIPT = Buffer.from("<script");

/**
 * Remix's `<link rel="modulepreload">` tags and its module script, written inert (`rel`
 * "parkedpreload", `type` "parked"): the browser's preload scanner would otherwise fetch every
 * module while the page is still being laid out, and a module that arrives first runs first.
 * AfterPaintScripts (app/components/after-paint.tsx) turns them back on after the first paint.
 * React writes these tags exactly so; page text cannot contain them (React escapes `<` in text,
 * Remix escapes it in the data it inlines). The words have the same length, so the bytes are
 * patched in place (no decoding of the page: this runs on every document).
 */
export function deferAppScripts(html: Buffer): Buffer {
  for (let at = html.indexOf(PRELOAD); at !== -1; at = html.indexOf(PRELOAD, at + PRELOAD.length))
    html.write(PARKED_REL, at + '<link rel="'.length, "latin1");
  for (let at = html.indexOf(MODULE_TYPE); at !== -1; at = html.indexOf(MODULE_TYPE, at + MODULE_TYPE.length)) {
    const tag = html.lastIndexOf("<", at);
    if (html.subarray(tag, tag + SCRIPT.length).equals(SCRIPT))
      html.write(PARKED_TYPE, at + ' type="'.length, "latin1");
  }
  return html;
}

/** The whole document, rewritten by deferAppScripts once React has written all of it. */
export class DeferAppScripts extends Transform {
  private chunks: Buffer[] = [];
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
    this.chunks.push(chunk);
    done();
  }
  override _flush(done: TransformCallback) {
    done(null, deferAppScripts(Buffer.concat(this.chunks)));
  }
}
