import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { provideDictionary } from "~/i18n/messages";

async function hydrate() {
  // Chinese ships with the page. English is fetched only by those who chose it, and before
  // React takes over, so the first client render matches what the server sent.
  if (document.documentElement.lang === "en") {
    const { en } = await import("~/i18n/en");
    provideDictionary("en", en);
  }
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <RemixBrowser />
      </StrictMode>,
    );
  });
}

void hydrate();
