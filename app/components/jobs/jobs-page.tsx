import { Form, Link } from "@remix-run/react";
import type { JobsScreen } from "~/domain/jobs/jobs-screen.server";
import { JOB_STATUSES, type JobStatus } from "~/domain/jobs/statuses";
import { FormError, Notice, type ActionErrors } from "~/components/forms";
import { isMessageKey } from "~/i18n/messages";
import { useT } from "~/i18n/use-t";

type JobView = JobsScreen["jobs"][number];

const STATUS_STYLE: Record<JobStatus, string> = {
  queued: "bg-amber-100 text-amber-900",
  running: "bg-sky-100 text-sky-900",
  done: "bg-emerald-100 text-emerald-900",
  dead: "bg-red-100 text-red-900",
};

/**
 * The organisation's background jobs (alliance and distributor pages share it): what ran, what
 * waits for a retry and when, what gave up and why, with a retry button for the dead ones.
 * Plain links and forms: it works without JavaScript.
 */
export function JobsPage({
  data,
  errors,
}: {
  data: { status: JobStatus | null; counts: Record<JobStatus, number>; jobs: JobView[]; retried: boolean };
  errors?: ActionErrors;
}) {
  const { t, dateTime } = useT();
  const kindLabel = (kind: string) => {
    const key = `jobs.kind.${kind}`;
    return isMessageKey(key) ? t(key) : kind;
  };
  const tabs: (JobStatus | null)[] = [null, ...JOB_STATUSES];
  const total = JOB_STATUSES.reduce((n, s) => n + data.counts[s], 0);
  return (
    <div className="flex flex-col gap-3 md:max-w-3xl">
      <h1 className="text-xl font-bold">{t("jobs.title")}</h1>
      <p className="text-sm text-stone-600">{t("jobs.intro")}</p>
      {data.retried ? <Notice>{t("jobs.retried")}</Notice> : null}
      <FormError errors={errors} />
      <nav aria-label={t("jobs.filter")} className="flex flex-wrap gap-2">
        {tabs.map((s) => {
          const active = data.status === s;
          return (
            <Link
              key={s ?? "all"}
              to={s ? `?status=${s}` : "?"}
              aria-current={active ? "page" : undefined}
              className={`flex min-h-11 items-center rounded-full border px-3 text-sm ${
                active
                  ? "border-brand-700 bg-brand-700 font-semibold text-white"
                  : "border-stone-300 bg-white text-stone-700"
              }`}
            >
              {s ? t(`jobs.status.${s}`) : t("jobs.all")} · {s ? data.counts[s] : total}
            </Link>
          );
        })}
      </nav>
      {data.jobs.length === 0 ? <p className="text-stone-500">{t("jobs.empty")}</p> : null}
      <ul className="flex flex-col gap-2" data-testid="jobs">
        {data.jobs.map((job) => (
          <li key={job.id} className="flex flex-col gap-1 rounded-xl bg-white p-3 shadow-sm" data-job={job.id}>
            <span className="flex flex-wrap items-baseline justify-between gap-2">
              <span className="font-semibold">{kindLabel(job.kind)}</span>
              <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${STATUS_STYLE[job.status]}`}>
                {t(`jobs.status.${job.status}`)}
              </span>
            </span>
            <span className="text-sm text-stone-600">
              {t("jobs.attempts", { n: job.attempts, max: job.maxAttempts })} ·{" "}
              {job.status === "queued"
                ? t("jobs.nextRun", { at: dateTime(job.runAt) })
                : job.status === "running"
                  ? t("jobs.runningSince", { at: dateTime(job.lockedUntil ?? job.runAt) })
                  : t("jobs.finished", { at: dateTime(job.finishedAt ?? job.runAt) })}
            </span>
            <span className="text-xs text-stone-500">{t("jobs.created", { at: dateTime(job.createdAt) })}</span>
            {job.error ? (
              <span className="text-sm break-words text-red-800">
                {t("jobs.lastError")}: {job.error}
              </span>
            ) : null}
            {job.status === "dead" ? (
              <Form method="post" className="mt-1">
                <input type="hidden" name="jobId" value={job.id} />
                <button
                  type="submit"
                  className="min-h-11 rounded-lg bg-brand-700 px-4 text-sm font-semibold text-white"
                >
                  {t("jobs.retry")}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
