import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ROLES } from "~/domain/identity/roles";
import type { MessageKey } from "~/i18n/messages";
import { useT } from "~/i18n/use-t";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOrgContext(request, "alliance", ROLES.alliance);
  return null;
}

const TABS: { to: string; key: MessageKey; end?: boolean }[] = [
  { to: "/alliance", key: "alliance.nav.home", end: true },
  { to: "/alliance/campaigns", key: "alliance.nav.campaigns" },
  { to: "/alliance/members", key: "alliance.nav.members" },
  { to: "/alliance/suppliers", key: "alliance.nav.suppliers" },
  { to: "/alliance/savings", key: "alliance.nav.savings" },
  { to: "/alliance/jobs", key: "jobs.nav" },
];

/** Coordinators work on a phone or a PC: one tab row that scrolls sideways on a phone. */
export default function AllianceLayout() {
  const { t } = useT();
  return (
    <div className="mx-auto flex max-w-4xl flex-col">
      <nav aria-label={t("alliance.nav.main")} className="no-print border-b border-stone-200 bg-white">
        <ul className="flex overflow-x-auto px-2">
          {TABS.map((tab) => (
            <li key={tab.to} className="shrink-0">
              <NavLink
                to={tab.to}
                end={tab.end}
                prefetch="intent"
                className={({ isActive }) =>
                  `flex min-h-12 items-center border-b-2 px-3 text-sm whitespace-nowrap ${
                    isActive ? "border-brand-700 font-semibold text-brand-800" : "border-transparent text-stone-600"
                  }`
                }
              >
                {t(tab.key)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="flex min-w-0 flex-col gap-4 px-3 py-4 md:px-6">
        <Outlet />
      </main>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
