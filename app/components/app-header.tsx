import { Form, Link, useLocation } from "@remix-run/react";
import { useT } from "~/i18n/use-t";

export function AppHeader({ orgName, signedIn }: { orgName: string | null; signedIn: boolean }) {
  const { t, locale } = useT();
  const location = useLocation();
  return (
    <header className="no-print sticky top-0 z-10 flex items-center gap-2 bg-brand-700 px-3 py-2 text-white">
      <Link to="/" className="shrink-0 text-lg font-bold">
        {t("app.name")}
      </Link>
      {signedIn ? (
        <Link
          to="/orgs"
          className="min-w-0 flex-1 truncate rounded-md bg-brand-800/60 px-2 py-1 text-sm"
          aria-label={t("nav.switchOrg")}
        >
          {orgName ?? t("nav.switchOrg")} ▾
        </Link>
      ) : (
        <span className="flex-1" />
      )}
      <Form method="post" action="/settings/language" className="shrink-0">
        <input type="hidden" name="locale" value={locale === "en" ? "zh-CN" : "en"} />
        <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
        <button type="submit" className="min-h-10 rounded-md px-2 text-sm underline" aria-label={t("lang.label")}>
          {t("lang.switch")}
        </button>
      </Form>
    </header>
  );
}
