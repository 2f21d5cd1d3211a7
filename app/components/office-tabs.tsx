import { NavLink } from "@remix-run/react";
import type { MessageKey } from "~/i18n/messages";
import { useT } from "~/i18n/use-t";

export type OfficeTab = { to: string; key: MessageKey; end?: boolean };

/**
 * The tab row of the office pages (distributor, alliance), used at a PC and on a phone: it wraps
 * on a desktop and scrolls sideways on a phone.
 */
export function OfficeTabs({ label, tabs }: { label: MessageKey; tabs: OfficeTab[] }) {
  const { t } = useT();
  return (
    <nav aria-label={t(label)} className="no-print border-b border-stone-200 bg-white">
      <ul className="flex overflow-x-auto px-2 md:flex-wrap">
        {tabs.map((tab) => (
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
  );
}
