import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { OfficeTabs, type OfficeTab } from "~/components/office-tabs";
import "~/i18n/audiences/alliance";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOrgContext(request, "alliance.home");
  return null;
}

const TABS: OfficeTab[] = [
  { to: "/alliance", key: "alliance.nav.home", end: true },
  { to: "/alliance/campaigns", key: "alliance.nav.campaigns" },
  { to: "/alliance/members", key: "alliance.nav.members" },
  { to: "/alliance/suppliers", key: "alliance.nav.suppliers" },
  { to: "/alliance/negotiations", key: "negotiation.nav" },
  { to: "/alliance/savings", key: "alliance.nav.savings" },
  { to: "/alliance/recalls", key: "recall.nav" },
  { to: "/alliance/trace", key: "trace.nav" },
  { to: "/alliance/jobs", key: "jobs.nav" },
  { to: "/alliance/payouts", key: "payments.connect.link" },
  { to: "/alliance/settlements", key: "payments.settlements.link" },
];

/** Coordinators work on a phone or a PC: one tab row that scrolls sideways on a phone. */
export default function AllianceLayout() {
  return (
    <div className="mx-auto flex max-w-4xl flex-col">
      <OfficeTabs label="alliance.nav.main" tabs={TABS} />
      <main id="main" className="flex min-w-0 flex-col gap-4 px-3 py-4 md:px-6">
        <Outlet />
      </main>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
