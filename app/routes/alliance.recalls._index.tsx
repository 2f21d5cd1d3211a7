import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import type { ActionErrors } from "~/components/forms";
import { RecallsPage } from "~/components/recall/recalls-page";
import { newId } from "~/domain/ids.server";
import { may } from "~/domain/permission-check.server";
import { flagRecallSchema } from "~/domain/recall/fields.server";
import { flagRecall } from "~/domain/recall/flag-recall.server";
import { recallSources, recallsOf } from "~/domain/recall/list-recalls.server";
import { attempt } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "recall.view");
  const mayFlag = may(ctx, "recall.flag");
  return { rows: recallsOf(ctx), sources: mayFlag ? recallSources(ctx) : [], mayFlag, requestId: newId() };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "recall.flag");
  const formData = await request.formData();
  const form = parseForm(formData, flagRecallSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const result = await attempt(ctx.locale, () => flagRecall(ctx, form.data), formData);
  if (!result.ok) return result.reply;
  throw redirect(`/alliance/recalls/${result.value.recallId}`);
}

/** 召回与演练 (decision 041). */
export default function Recalls() {
  const data = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  return <RecallsPage base="/alliance/recalls" {...data} errors={errors} />;
}
