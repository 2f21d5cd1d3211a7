import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { formatDateTime, formatMoney, formatNumber, provideDictionary } from "~/i18n/messages";
import { DEFAULT_LOCALE, isLocale } from "~/i18n/locale";

/** Lets the browser run what is waiting (a paint, input) before the next step. */
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

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
