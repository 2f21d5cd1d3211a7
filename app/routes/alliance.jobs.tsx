import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import type { ActionErrors } from "~/components/forms";
import { JobsPage } from "~/components/jobs/jobs-page";
import { jobsQuerySchema, jobsScreen, retryJobSchema } from "~/domain/jobs/jobs-screen.server";
import { retryJob } from "~/domain/jobs/queue.server";
import { attempt, load } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "job.view");
  const params = new URL(request.url).searchParams;
  const query = jobsQuerySchema.parse({ status: params.get("status") ?? undefined });
  const screen = await load(ctx.locale, () => jobsScreen(ctx, query));
  return { ...screen, retried: params.get("retried") === "1" };
}

/** Retry a dead job. Pressing twice is harmless: the second finds it queued and leaves it. */
export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "job.retry");
  const formData = await request.formData();
  const form = parseForm(formData, retryJobSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const result = await attempt(ctx.locale, () => retryJob(ctx, form.data.jobId), formData);
  if (!result.ok) return result.reply;
  throw redirect("/alliance/jobs?retried=1");
}

export default function AllianceJobs() {
  const data = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  return <JobsPage data={data} errors={errors} />;
}
