import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import type { ActionErrors } from "~/components/forms";
import { BackLink } from "~/components/page-top";
import { RecallReport } from "~/components/recall/recall-report";
import { newId } from "~/domain/ids.server";
import { may } from "~/domain/permission-check.server";
import { releaseRecallSchema } from "~/domain/recall/fields.server";
import { releaseRecall } from "~/domain/recall/release-recall.server";
import { recallReport } from "~/domain/recall/report.server";
import { attempt, load } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { useT } from "~/i18n/use-t";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "recall.view");
  const report = await load(ctx.locale, () => recallReport(ctx, params.recallId!));
  const print = new URL(request.url).searchParams.get("print") === "1";
  return { report, print, mayRelease: may(ctx, "recall.release"), requestId: newId() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "recall.release");
  const formData = await request.formData();
  const form = parseForm(formData, releaseRecallSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const result = await attempt(ctx.locale, () => releaseRecall(ctx, params.recallId!, form.data), formData);
  if (!result.ok) return result.reply;
  throw redirect(`/alliance/recalls/${params.recallId}`);
}

/** 召回报告: where every unit is; release with a reason (decision 041). */
export default function RecallReportPage() {
  const { report, print, mayRelease, requestId } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  const { t } = useT();
  return (
    <>
      {print ? null : <BackLink to="/alliance/recalls">{t("recall.title")}</BackLink>}
      <RecallReport
        report={report}
        base="/alliance/recalls"
        requestId={requestId}
        mayRelease={mayRelease}
        print={print}
        errors={errors}
      />
    </>
  );
}
