import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { OfficeTabs, type OfficeTab } from "~/components/office-tabs";
import { roleMay, type Permission } from "~/domain/permissions";
import "~/i18n/audiences/distributor";
import "~/i18n/audiences/produce";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "distributor.home");
  return { role: ctx.role };
}

// Each tab shows when the role may open its page: the same names the pages' guards use.
const TABS: (OfficeTab & { permission: Permission })[] = [
  { to: "/distributor", key: "distributor.nav.home", permission: "distributor.home", end: true },
  { to: "/distributor/orders", key: "distributor.nav.orders", permission: "order.view" },
  { to: "/distributor/runs", key: "distributor.nav.runs", permission: "run.view" },
  { to: "/distributor/produce", key: "produce.nav", permission: "buyingList.view" },
  { to: "/distributor/catalog", key: "distributor.nav.catalog", permission: "catalog.view" },
  { to: "/distributor/analysis", key: "demand.nav", permission: "demand.view" },
  { to: "/distributor/stores", key: "distributor.nav.stores", permission: "link.view" },
  { to: "/distributor/price-lists", key: "distributor.nav.priceLists", permission: "priceList.view" },
  { to: "/distributor/routes", key: "distributor.nav.routes", permission: "route.view" },
  { to: "/distributor/recalls", key: "recall.nav", permission: "recall.view" },
  { to: "/distributor/trace", key: "trace.nav", permission: "trace.view" },
  { to: "/distributor/jobs", key: "jobs.nav", permission: "job.view" },
  { to: "/distributor/payouts", key: "payments.connect.link", permission: "payment.connect" },
  { to: "/distributor/settlements", key: "payments.settlements.link", permission: "settlement.view" },
  { to: "/distributor/backup", key: "backup.nav", permission: "backup.view" },
];

/**
 * Distributor pages are used at a warehouse PC and on a phone: one tab row that wraps on a
 * desktop and scrolls sideways on a phone, and content up to a desktop width.
 */
export default function DistributorLayout() {
  const { role } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto flex max-w-6xl flex-col">
      <OfficeTabs
        label="distributor.nav.main"
        tabs={TABS.filter((tab) => roleMay("distributor", role, tab.permission))}
      />
      <main id="main" className="flex flex-col gap-4 px-3 py-4 md:px-6">
        <Outlet />
      </main>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
