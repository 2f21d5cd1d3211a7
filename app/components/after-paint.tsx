/**
 * The app's JavaScript is fetched once the page has been painted (decision 048). The server
 * writes Remix's module preloads and its module script inert (`rel`/`type` "parked…", see
 * app/http/first-paint.server.ts); this script, inlined after them, turns them back on once the
 * parsed document is on screen: the browser has reported its first contentful paint (reported
 * when the frame was shown), the whole HTML is parsed, and two more frames have begun; at once in
 * a tab that is not shown (nothing is drawn there), and after 3 s whatever happened. The page is whole and usable (forms post)
 * before that, as with JavaScript off.
 */
/** The inert forms: the same length as `modulepreload` and `module`, so the server patches bytes in place. */
export const PARKED_REL = "parkedpreload";
export const PARKED_TYPE = "parked";

const BOOTSTRAP = `(function () {
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

export function AfterPaintScripts({ nonce }: { nonce: string }) {
  return <script nonce={nonce} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: BOOTSTRAP }} />;
}
