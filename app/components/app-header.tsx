import { Form, Link, useLocation } from "@remix-run/react";
import type { OrgKind } from "~/domain/identity/roles";
import { useT } from "~/i18n/use-t";

/** The switcher's word follows what is switched between: 门店 for shops, else its own. */
const SWITCH_LABEL = {
  store: "nav.switchOrg",
  distributor: "nav.switchOrg.distributor",
  bureau: "nav.switchOrg.bureau",
  alliance: "nav.switchOrg.alliance",
} as const;

/** Brand, the store switcher (the store's name is the button) and the language switch, each a 44 px target. */
export function AppHeader({
  orgName,
  orgKinds,
  signedIn,
}: {
  orgName: string | null;
  /** The active organisation's kind first, else the kinds of the person's organisations. */
  orgKinds: OrgKind[];
  signedIn: boolean;
}) {
  const { t, locale } = useT();
  const kinds = [...new Set(orgKinds)];
  const switchLabel = kinds.length === 1 || orgName ? t(SWITCH_LABEL[kinds[0] ?? "store"]) : t("nav.switchOrg.any");
  const location = useLocation();
  return (
    <header className="no-print sticky top-0 z-10 flex items-center gap-1 bg-brand-700 px-2 py-2 text-white">
      <Link to="/" className="flex min-h-11 shrink-0 items-center px-1 text-lg font-bold">
        {t("app.name")}
      </Link>
      {signedIn ? (
        <Link
          to="/orgs"
          className="flex min-h-11 min-w-0 flex-1 items-center gap-1 rounded-md bg-brand-800/60 px-2 text-sm"
        >
          {orgName ? <span className="sr-only">{switchLabel}: </span> : null}
          <span className="truncate">{orgName ?? switchLabel}</span>
          <span aria-hidden className="shrink-0">
            ▾
          </span>
        </Link>
      ) : (
        <span className="flex-1" />
      )}
      {/* A full page load, so the browser fetches the other language before the page hydrates. */}
      <Form method="post" action="/settings/language" className="shrink-0" reloadDocument>
        <input type="hidden" name="locale" value={locale === "en" ? "zh-CN" : "en"} />
        <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
        <button
          type="submit"
          lang={locale === "en" ? "zh-CN" : "en"}
          className="min-h-11 min-w-11 rounded-md px-2 text-sm underline"
          aria-label={`${t("lang.label")}: ${t("lang.switch")}`}
        >
          {t("lang.switch")}
        </button>
      </Form>
    </header>
  );
}
