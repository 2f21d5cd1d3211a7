import fs from "node:fs";
import path from "node:path";
import { Transform, type TransformCallback } from "node:stream";
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

/** The inert forms: the same length as `modulepreload` and `module`, so the server patches bytes in place. */
const PARKED_REL = "parkedpreload";
const PARKED_TYPE = "parked";

const PRELOAD = Buffer.from('<link rel="modulepreload"');
const MODULE_TYPE = Buffer.from(' type="module"');
const SCRIPT = Buffer.from("<script");

/**
 * Remix's `<link rel="modulepreload">` tags and its module script, written inert (`rel`
 * "parkedpreload", `type` "parked"): the browser's preload scanner would otherwise fetch every
 * module while the page is still being laid out, and a module that arrives first runs first.
 * The after-paint script (below) turns them back on after the first paint.
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

/**
 * The app's JavaScript is fetched once the page has been painted (decision 048). The server
 * writes Remix's module preloads and its module script inert (`rel`/`type` "parked…", see
 * app/http/first-paint.server.ts); this script, inlined after them, turns them back on once the
 * parsed document is on screen: the browser has reported its first contentful paint (reported
 * when the frame was shown), the whole HTML is parsed, and two more frames have begun; at once in
 * a tab that is not shown (nothing is drawn there), and after 3 s whatever happened. The page is whole and usable (forms post)
 * before that, as with JavaScript off.
 */
const AFTER_PAINT_SCRIPT = `(function () {
  var started = false, parsed = false, painted = false;
  function start() {
    if (started) return;
    started = true;
    document.querySelectorAll('link[rel="${PARKED_REL}"]').forEach(function (link) {
      link.rel = "modulepreload";
    });
    document.querySelectorAll('script[type="${PARKED_TYPE}"]').forEach(function (inert) {
      var script = document.createElement("script");
      script.type = "module";
      script.nonce = inert.nonce;
      script.textContent = inert.textContent;
      document.body.appendChild(script);
    });
  }
  function whenShown() {
    if (!parsed || !painted) return;
    requestAnimationFrame(function () {
      requestAnimationFrame(function () {
        setTimeout(start, 0);
      });
    });
  }
  function onParsed() {
    parsed = true;
    if (document.visibilityState === "hidden") return start();
    document.addEventListener("visibilitychange", start, { once: true });
    setTimeout(start, 3000);
    whenShown();
  }
  var types = (window.PerformanceObserver && PerformanceObserver.supportedEntryTypes) || [];
  if (types.indexOf("paint") >= 0)
    new PerformanceObserver(function (list, observer) {
      if (!list.getEntriesByName("first-contentful-paint").length) return;
      observer.disconnect();
      painted = true;
      whenShown();
    }).observe({ type: "paint", buffered: true });
  else painted = true;
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", onParsed, { once: true });
  else onParsed();
})();`;

/**
 * What the server writes into every document beside the HTML React renders: the stylesheet and
 * the script that fetches the app's JavaScript after the first paint. Server-only text: the
 * browser reads both back from the page (app/components/document-inlines.tsx), so neither is
 * shipped again in the JavaScript.
 */
export function documentInlines(): { styles: string; afterPaint: string } {
  inlines ??= { styles: stylesheetText(), afterPaint: AFTER_PAINT_SCRIPT };
  return inlines;
}
let inlines: { styles: string; afterPaint: string } | undefined;
