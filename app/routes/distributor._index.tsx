import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { may } from "~/domain/permission-check.server";
import { roleMay } from "~/domain/permissions";
import { distributorSummary } from "~/domain/distribution/list-catalog.server";
import { backupScreen } from "~/domain/backup/backup-screen.server";
import { useT } from "~/i18n/use-t";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "distributor.home");
  // Drivers see the name and their runs, not the business figures.
  const summary = may(ctx, "catalog.view") ? distributorSummary(ctx) : null;
  // The admin is told here when the machine's backup needs them (decision 038).
  const backupProblem = may(ctx, "backup.view") ? (await backupScreen(ctx)).problem : null;
  return { name: ctx.org.name, role: ctx.role, summary, backupProblem };
}

/** The distributor's morning view: what needs attention, and the way to orders and runs. */
export default function DistributorHome() {
  const { name, role, summary, backupProblem } = useLoaderData<typeof loader>();
  const { t, number } = useT();
  const tiles = summary
    ? [
        { label: t("distributor.home.skus"), value: summary.skus, to: "/distributor/catalog" },
        {
          label: t("distributor.home.low"),
          value: summary.low,
          to: "/distributor/catalog?filter=low",
          warn: summary.low > 0,
        },
        ...(roleMay("distributor", role, "link.view")
          ? [
              {
                label: t("distributor.home.pending"),
                value: summary.pendingLinks,
                to: "/distributor/stores",
                warn: summary.pendingLinks > 0,
              },
              { label: t("distributor.home.stores"), value: summary.activeLinks, to: "/distributor/stores" },
              { label: t("distributor.home.routes"), value: summary.routes, to: "/distributor/routes" },
            ]
          : []),
      ]
    : [];
  return (
    <>
      <div>
        <h1 className="text-xl font-bold">{name}</h1>
        <p className="text-sm text-stone-500">
          {t("org.kind.distributor")} · {t(`role.${role}`)}
        </p>
      </div>
      {backupProblem ? (
        <p role="alert" data-testid="backup-problem">
          <Link
            to="/distributor/backup"
            className="flex min-h-11 items-center rounded-xl bg-amber-100 px-3 py-2 font-semibold text-amber-900"
          >
            {t(`backup.problem.${backupProblem}`)}
          </Link>
        </p>
      ) : null}
      {tiles.length ? (
        <div className="grid grid-cols-2 gap-3 md:grid-cols-5" data-testid="distributor-stats">
          {tiles.map((tile) => (
            <Link
              key={tile.label}
              to={tile.to}
              className={`rounded-xl bg-white p-3 shadow-sm ${tile.warn ? "ring-2 ring-amber-400" : ""}`}
            >
              <span className="block text-xs text-stone-500">{tile.label}</span>
              <span className="block text-2xl font-bold tabular-nums">{number(tile.value)}</span>
            </Link>
          ))}
        </div>
      ) : null}
      <div className="grid grid-cols-2 gap-3 md:max-w-md">
        {roleMay("distributor", role, "order.view") ? (
          <Link
            to="/distributor/orders"
            className="flex min-h-12 items-center justify-center rounded-lg bg-brand-700 font-semibold text-white"
          >
            {t("distributor.home.orders")}
          </Link>
        ) : null}
        <Link
          to="/distributor/runs"
          className="flex min-h-12 items-center justify-center rounded-lg bg-white font-semibold shadow-sm"
        >
          {t("distributor.home.runs")}
        </Link>
      </div>
    </>
  );
}
