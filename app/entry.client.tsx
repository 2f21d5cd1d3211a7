import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { formatDateTime, formatMoney, formatNumber, provideDictionary } from "~/i18n/messages";
import { DEFAULT_LOCALE, isLocale } from "~/i18n/locale";

/** Lets the browser run what is waiting (a paint, input) before the next step. */
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

/** The events React 18 answers on a page it has not hydrated yet by hydrating it synchronously. */
const HYDRATING_EVENTS =
  "mousedown mouseup touchcancel touchend touchstart auxclick dblclick pointercancel pointerdown pointerup dragend dragstart drop compositionend compositionstart keydown keypress keyup input textInput copy cut paste click change contextmenu reset submit".split(
    " ",
  );

/**
 * Taps before React can take them are left to the browser (decision 048, React error #345).
 * With single fetch, <RemixBrowser> suspends on its first render until it has decoded the page's
 * data (`__remixContext.state` is set then), and nothing above it can catch that. A tap that
 * reaches React after hydrateRoot but before that first render makes React hydrate the document
 * synchronously; a synchronous render cannot suspend, React retries at the transition's lane,
 * suspends again and throws #345 ("Root did not complete"). Until the data is decoded, such events
 * stop here, before React's own listener: links and forms do what they do with JavaScript off, as
 * they do while React itself waits on that data.
 */
function leaveTapsToTheBrowserUntilDataDecoded() {
  const decoded = () => !!(window as unknown as { __remixContext?: { state?: unknown } }).__remixContext?.state;
  if (decoded()) return;
  const hold = (event: Event) => {
    if (!decoded()) return event.stopImmediatePropagation();
    for (const type of HYDRATING_EVENTS) document.removeEventListener(type, hold, true);
  };
  for (const type of HYDRATING_EVENTS) document.addEventListener(type, hold, true);
}

async function hydrate() {
  // Chinese ships with the page. English is fetched only by those who chose it, and before
  // React takes over, so the first client render matches what the server sent.
  if (document.documentElement.lang === "en") {
    const { en } = await import("~/i18n/en");
    provideDictionary("en", en);
  }
  // The first money, number and date formatters load the browser's locale data (the longest
  // piece of hydrating the sell page, decision 048): made here, each in a task of its own after
  // the modules' evaluation, so no hydration task grows long waiting for them.
  const lang = document.documentElement.lang;
  const locale = isLocale(lang) ? lang : DEFAULT_LOCALE;
  for (const warm of [() => formatMoney(locale, 0), () => formatNumber(locale, 0), () => formatDateTime(locale, 0)]) {
    await nextTask();
    warm();
  }
  await nextTask();
  leaveTapsToTheBrowserUntilDataDecoded();
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <RemixBrowser />
      </StrictMode>,
    );
  });
}

// Offline selling (decision 032): log-out waits for the outbox, and the service worker is registered
// once the page has loaded. Both are tiny here; what they need is loaded when used.
document.addEventListener(
  "submit",
  (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || new URL(form.action).pathname !== "/logout") return;
    if (form.dataset.offlineChecked) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    void import("~/offline/logout-guard.client").then((m) => m.guardLogout(form));
  },
  true,
);

function registerServiceWorker() {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker
    .register("/sw.js")
    .then(async () => (await navigator.serviceWorker.ready).active?.postMessage("fill"))
    .catch(() => undefined);
}
if (document.readyState === "complete") registerServiceWorker();
else window.addEventListener("load", registerServiceWorker, { once: true });

void hydrate();
