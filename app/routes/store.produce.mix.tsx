import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { FormError, SubmitButton, type ActionErrors } from "~/components/forms";
import { Card, useProduceFormat } from "~/components/produce/bits";
import { newId } from "~/domain/ids.server";
import { mixLotsSchema } from "~/domain/produce/fields.server";
import { mixProduceLots } from "~/domain/produce/mix-lots.server";
import { storeProduce } from "~/domain/produce/produce-views.server";
import { attempt } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { useT } from "~/i18n/use-t";
import "~/i18n/audiences/produce";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "produce.certify");
  return { lots: storeProduce(ctx).lots.filter((l) => l.farmerName !== null), requestId: newId() };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "produce.certify");
  const formData = await request.formData();
  const form = parseForm(formData, mixLotsSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const result = await attempt(ctx.locale, () => mixProduceLots(ctx, form.data), formData);
  if (!result.ok) return result.reply;
  throw redirect(`/store/produce/lots/${result.value.lotId}/certificate`);
}

/** Several farmers' lots of one produce and grade become one lot with the store's own certificate. */
export default function MixLots() {
  const { lots, requestId } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  const { t } = useT();
  const f = useProduceFormat();
  return (
    <div className="flex flex-col gap-3">
      <Link to="/store/produce" className="flex min-h-11 items-center self-start text-sm text-brand-700">
        ← {t("produce.title")}
      </Link>
      <h1 className="text-xl font-bold">{t("produce.mix.title")}</h1>
      <p className="text-sm text-stone-600">{t("produce.mix.hint")}</p>
      <Form method="post" className="flex flex-col gap-3" noValidate key={requestId}>
        <input type="hidden" name="requestId" value={errors?.values?.requestId ?? requestId} />
        <FormError errors={errors} />
        <Card>
          {lots.map((l) => (
            <label
              key={l.lotId}
              className="flex min-h-12 items-center gap-3 border-t border-stone-100 text-sm first:border-0"
            >
              <input type="checkbox" name="lotId" value={l.lotId} className="h-6 w-6 shrink-0" />
              <span className="min-w-0">
                {l.produce} {l.grade} · {l.farmerName} · {f.qty(l.unit, l.onHand)}
                <span className="block text-xs text-stone-500">{l.batchNo}</span>
              </span>
            </label>
          ))}
          {errors?.fieldErrors?.lotId ? (
            <p className="text-sm text-red-700" role="alert">
              {errors.fieldErrors.lotId}
            </p>
          ) : null}
        </Card>
        <SubmitButton>{t("produce.mix.submit")}</SubmitButton>
      </Form>
    </div>
  );
}
