import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { backupScreen } from "~/domain/backup/backup-screen.server";
import { load } from "~/http/errors.server";
import { useT } from "~/i18n/use-t";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "backup.view");
  return load(ctx.locale, () => backupScreen(ctx));
}

/** The machine's backup: the replica's lag and last sync (a problem over a minute), and the snapshots. */
export default function DistributorBackup() {
  const data = useLoaderData<typeof loader>();
  const { t, dateTime, number } = useT();
  const replica = data.replica;
  const problem = data.problem !== null;
  return (
    <div className="flex flex-col gap-3 md:max-w-2xl">
      <h1 className="text-xl font-bold">{t("backup.title")}</h1>
      <p className="text-sm text-stone-600">{t("backup.intro")}</p>

      <section
        data-testid="backup-replica"
        data-problem={data.problem ?? ""}
        className={`rounded-xl bg-white p-4 shadow-sm ${problem ? "ring-2 ring-amber-400" : ""}`}
      >
        <h2 className="font-semibold">{t("backup.replica")}</h2>
        {replica.state === "off" ? (
          <p role="alert" className="mt-1 text-amber-900">
            {t("backup.replica.off")}
          </p>
        ) : (
          <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="text-stone-500">{t("backup.target")}</dt>
            <dd className="break-all">
              {data.replicaUrl} · {t("backup.interval", { seconds: data.syncIntervalSeconds })}
            </dd>
            {replica.state === "ok" || replica.state === "lagging" ? (
              <>
                <dt className="text-stone-500">{t("backup.lag")}</dt>
                <dd
                  data-testid="backup-lag"
                  className={replica.state === "lagging" ? "font-semibold text-amber-900" : "tabular-nums"}
                >
                  {t("backup.lagSeconds", { seconds: number(Math.round(replica.lagMs / 100) / 10) })}
                </dd>
                <dt className="text-stone-500">{t("backup.lastSync")}</dt>
                <dd data-testid="backup-last-sync">{dateTime(replica.lastSyncAt)}</dd>
              </>
            ) : null}
          </dl>
        )}
        {replica.state === "ok" ? <p className="mt-2 text-sm text-emerald-800">{t("backup.replica.ok")}</p> : null}
        {replica.state === "lagging" ? (
          <p role="alert" className="mt-2 font-semibold text-amber-900">
            {t("backup.replica.lagging")}
          </p>
        ) : null}
        {replica.state === "starting" ? <p className="mt-2 text-sm">{t("backup.replica.starting")}</p> : null}
        {replica.state === "error" ? (
          <p role="alert" className="mt-2 text-amber-900">
            {t("backup.replica.error", { message: replica.message })}
          </p>
        ) : null}
      </section>

      <section data-testid="backup-snapshots" className="rounded-xl bg-white p-4 shadow-sm">
        <h2 className="font-semibold">{t("backup.snapshots")}</h2>
        {data.latestSnapshot ? (
          <p className="mt-1 text-sm">
            {t("backup.latestSnapshot")}: {dateTime(data.latestSnapshot.at)} ·{" "}
            {t(`backup.kind.${data.latestSnapshot.kind as "hourly" | "migration" | "manual"}`)} ·{" "}
            {t("backup.snapshotCount", { n: data.snapshotCount })}
          </p>
        ) : (
          <p className="mt-1 text-sm">{t("backup.noSnapshot")}</p>
        )}
        <p className="mt-1 text-sm text-stone-600">{t("backup.retention")}</p>
      </section>
      <p className="text-sm text-stone-600">{t("backup.restore")}</p>
    </div>
  );
}
