import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { OfficeTabs, type OfficeTab } from "~/components/office-tabs";
import "~/i18n/audiences/county";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOrgContext(request, "county.home");
  return null;
}

const TABS: OfficeTab[] = [
  { to: "/county", key: "county.nav.home", end: true },
  { to: "/county/report", key: "county.nav.report" },
  { to: "/county/publish", key: "county.nav.publish" },
  { to: "/county/basket", key: "county.nav.basket" },
  { to: "/county/places", key: "county.nav.places" },
];

/** The bureau works at a PC mostly, and on a phone at times: one tab row, tables that scroll. */
export default function CountyLayout() {
  return (
    <div className="mx-auto flex max-w-5xl flex-col">
      <OfficeTabs label="county.nav.main" tabs={TABS} />
      <main id="main" className="flex min-w-0 flex-col gap-4 px-3 py-4 md:px-6">
        <Outlet />
      </main>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
