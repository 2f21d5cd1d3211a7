import type { LoaderFunctionArgs } from "@remix-run/node";
import type { ClientLoaderFunctionArgs } from "@remix-run/react";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { isOfflineShell } from "~/offline/shell.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/i18n/use-t";
import type { MessageKey } from "~/i18n/messages";
import { may } from "~/domain/permission-check.server";
import type { Permission } from "~/domain/permissions";
import "~/i18n/audiences/store";

/** The offline shell's layout: the tabs a clerk has, no one's data. */
const SHELL = { role: "clerk" as const, may: [] as Permission[] };

export async function loader({ request }: LoaderFunctionArgs) {
  // The offline shell (decision 032): the tabs a clerk has, no one's data.
  if (isOfflineShell(request)) return SHELL;
  const ctx = await requireOrgContext(request, "store.home");
  // The tabs' permissions are judged here: the permission table stays out of the page's JavaScript.
  const allowed = TABS.flatMap((tab) => (tab.permission && may(ctx, tab.permission) ? [tab.permission] : []));
  return { role: ctx.role, may: allowed };
}

/** Offline, the layout keeps its tabs: the last role seen here, else a clerk's. */
let lastRole: Awaited<ReturnType<typeof loader>> | undefined;
export async function clientLoader({ serverLoader }: ClientLoaderFunctionArgs) {
  try {
    lastRole = await serverLoader<typeof loader>();
    return lastRole;
  } catch (error) {
    if (error instanceof Response) throw error;
    return lastRole ?? SHELL;
  }
}

const TABS: { to: string; key: MessageKey; icon: string; end?: boolean; permission?: Permission }[] = [
  // Selling is what a shopkeeper does most: the first tab, under the thumb.
  { to: "/store/sell", key: "nav.sell", icon: "¥" },
  { to: "/store", key: "nav.home", icon: "⌂", end: true },
  { to: "/store/products", key: "nav.products", icon: "▦" },
  { to: "/store/count", key: "nav.count", icon: "✓" },
  { to: "/store/trace", key: "trace.tab", icon: "⇅", permission: "trace.view" },
  { to: "/store/team", key: "nav.team", icon: "☺", permission: "team.view" },
  { to: "/account", key: "nav.account", icon: "◉" },
];

/** Shopkeeper pages: content above, thumb-reach tabs below (a phone is held in one hand). */
export default function StoreLayout() {
  const { may } = useLoaderData<typeof loader>();
  const { t } = useT();
  return (
    <div className="mx-auto flex min-h-[calc(100dvh-3.75rem)] max-w-xl flex-col">
      <main id="main" className="flex-1 px-3 pt-3 pb-24">
        <Outlet />
      </main>
      <nav
        aria-label={t("nav.main")}
        className="no-print fixed inset-x-0 bottom-0 z-10 border-t border-stone-200 bg-white pb-[env(safe-area-inset-bottom)]"
      >
        <ul className="mx-auto flex max-w-xl">
          {TABS.filter((tab) => !tab.permission || may.includes(tab.permission)).map((tab) => (
            <li key={tab.to} className="flex-1">
              <NavLink
                to={tab.to}
                end={tab.end}
                className={({ isActive }) =>
                  `flex min-h-14 flex-col items-center justify-center text-xs ${isActive ? "font-semibold text-brand-700" : "text-stone-600"}`
                }
              >
                <span aria-hidden className="text-lg leading-none">
                  {tab.icon}
                </span>
                {t(tab.key)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
