import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { DISTRIBUTOR_ANY } from "~/components/distribution/roles";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { OfficeTabs, type OfficeTab } from "~/components/office-tabs";
import type { Role } from "~/domain/identity/roles";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "distributor", DISTRIBUTOR_ANY);
  return { role: ctx.role };
}

const TABS: (OfficeTab & { roles: readonly Role[] })[] = [
  { to: "/distributor", key: "distributor.nav.home", roles: DISTRIBUTOR_ANY, end: true },
  { to: "/distributor/orders", key: "distributor.nav.orders", roles: ["admin", "warehouse"] },
  { to: "/distributor/runs", key: "distributor.nav.runs", roles: DISTRIBUTOR_ANY },
  { to: "/distributor/catalog", key: "distributor.nav.catalog", roles: ["admin", "warehouse"] },
  { to: "/distributor/analysis", key: "demand.nav", roles: ["admin", "warehouse"] },
  { to: "/distributor/stores", key: "distributor.nav.stores", roles: ["admin"] },
  { to: "/distributor/price-lists", key: "distributor.nav.priceLists", roles: ["admin"] },
  { to: "/distributor/routes", key: "distributor.nav.routes", roles: ["admin"] },
  { to: "/distributor/jobs", key: "jobs.nav", roles: ["admin"] },
];

/**
 * Distributor pages are used at a warehouse PC and on a phone: one tab row that wraps on a
 * desktop and scrolls sideways on a phone, and content up to a desktop width.
 */
export default function DistributorLayout() {
  const { role } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto flex max-w-6xl flex-col">
      <OfficeTabs label="distributor.nav.main" tabs={TABS.filter((tab) => tab.roles.includes(role))} />
      <main id="main" className="flex flex-col gap-4 px-3 py-4 md:px-6">
        <Outlet />
      </main>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
