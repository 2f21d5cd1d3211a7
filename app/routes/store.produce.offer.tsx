import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { FormError, Select, SubmitButton, type ActionErrors } from "~/components/forms";
import { Card, useProduceFormat } from "~/components/produce/bits";
import { newId } from "~/domain/ids.server";
import { offerConsignmentSchema } from "~/domain/produce/fields.server";
import { offerConsignment } from "~/domain/produce/offer-consignment.server";
import { storeProduce } from "~/domain/produce/produce-views.server";
import { attempt } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { useT } from "~/i18n/use-t";
import "~/i18n/audiences/produce";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "consignment.offer");
  const { lists, lots } = storeProduce(ctx);
  const wanted = new URL(request.url).searchParams.get("list");
  const list = lists.find((l) => l.id === wanted) ?? lists.find((l) => l.pickupDays.length > 0) ?? null;
  return { list, lots, requestId: newId() };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "consignment.offer");
  const formData = await request.formData();
  const form = parseForm(formData, offerConsignmentSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const result = await attempt(ctx.locale, () => offerConsignment(ctx, form.data), formData);
  if (!result.ok) return result.reply;
  throw redirect("/store/produce?done=offered");
}

/** Offer produce lots against the buying list, for the return leg of a run on the store's route. */
export default function OfferConsignment() {
  const { list, lots, requestId } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  const { t } = useT();
  const f = useProduceFormat();
  if (!list) return <Card>{t("produce.list.none")}</Card>;
  return (
    <div className="flex flex-col gap-3">
      <Link to="/store/produce" className="flex min-h-11 items-center self-start text-sm text-brand-700">
        ← {t("produce.title")}
      </Link>
      <h1 className="text-xl font-bold">{t("produce.offer.title")}</h1>
      <Form method="post" className="flex flex-col gap-3" noValidate key={requestId}>
        <input type="hidden" name="requestId" value={errors?.values?.requestId ?? requestId} />
        <input type="hidden" name="listId" value={list.id} />
        <FormError errors={errors} />
        <Card>
          <Select
            label={t("produce.offer.pickupDate")}
            name="pickupDate"
            options={list.pickupDays.map((d) => ({ value: d, label: d }))}
            errors={errors}
          />
        </Card>
        <Card>
          <p className="text-sm text-stone-600">{t("produce.offer.hint")}</p>
          <ul className="flex flex-col gap-2">
            {lots.map((l) => (
              <li key={l.lotId} className="flex items-end justify-between gap-2 border-t border-stone-100 pt-2">
                <label htmlFor={`qty-${l.lotId}`} className="min-w-0 text-sm">
                  {l.produce} {l.grade} · {l.farmerName ?? l.certNumber}
                  <span className="block text-xs text-stone-500">
                    {t("produce.offer.has", { qty: f.qty(l.unit, l.onHand) })}
                  </span>
                </label>
                <input type="hidden" name="lotId" value={l.lotId} />
                <input
                  id={`qty-${l.lotId}`}
                  name="qty"
                  inputMode="numeric"
                  placeholder={l.unit === "jin" ? t("produce.offer.grams") : t("produce.offer.pieces")}
                  className="min-h-12 w-32 shrink-0 rounded-lg border border-stone-300 px-3 text-base"
                />
              </li>
            ))}
          </ul>
          {errors?.fieldErrors?.qty ? (
            <p className="text-sm text-red-700" role="alert">
              {errors.fieldErrors.qty}
            </p>
          ) : null}
        </Card>
        <SubmitButton>{t("produce.offer.submit")}</SubmitButton>
      </Form>
    </div>
  );
}
