import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { Field, FormError, Select, SubmitButton, type ActionErrors } from "~/components/forms";
import { Card, PriceCard, useProduceFormat } from "~/components/produce/bits";
import { shanghaiDate } from "~/domain/dates";
import { newId } from "~/domain/ids.server";
import { buyProduce } from "~/domain/produce/buy-produce.server";
import { MAX_UPLOAD_BYTES, MAX_UPLOAD_LABEL } from "~/domain/produce/certificate-files.server";
import { buyProduceSchema } from "~/domain/produce/fields.server";
import { storeProduce } from "~/domain/produce/produce-views.server";
import { attempt } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { readFileUpload } from "~/http/upload.server";
import { useT } from "~/i18n/use-t";
import "~/i18n/audiences/produce";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "produce.buy");
  const { lists, farmers } = storeProduce(ctx);
  const wanted = new URL(request.url).searchParams.get("list");
  const list = lists.find((l) => l.id === wanted) ?? lists[0] ?? null;
  return { list, farmers, today: shanghaiDate(ctx.clock.now()), requestId: newId() };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "produce.buy");
  const upload = await readFileUpload(request, ctx.locale, { maxBytes: MAX_UPLOAD_BYTES, maxSize: MAX_UPLOAD_LABEL });
  if (!upload.ok) return upload.reply;
  const form = parseForm(upload.formData, buyProduceSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const result = await attempt(ctx.locale, () => buyProduce(ctx, form.data, upload.bytes), upload.formData);
  if (!result.ok) return result.reply;
  throw redirect(`/store/produce/purchases/${result.value.purchaseId}?done=bought`);
}

/**
 * Buying from a farmer at the counter: the card (grade → price) is shown and agreed first, then
 * the produce is weighed in grams (or counted), the certificate's number typed and photographed.
 */
export default function BuyProduce() {
  const { list, farmers, today, requestId } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  const { t } = useT();
  const f = useProduceFormat();
  if (!list) return <Card>{t("produce.list.none")}</Card>;
  return (
    <div className="flex flex-col gap-3">
      <Link to="/store/produce" className="flex min-h-11 items-center self-start text-sm text-brand-700">
        ← {t("produce.title")}
      </Link>
      <h1 className="text-xl font-bold">{t("produce.buy.title")}</h1>
      <Card>
        <PriceCard lines={list.lines} />
      </Card>
      <Form method="post" encType="multipart/form-data" className="flex flex-col gap-3" noValidate key={requestId}>
        <input type="hidden" name="requestId" value={errors?.values?.requestId ?? requestId} />
        <FormError errors={errors} />
        <Card>
          <h2 className="font-semibold">{t("produce.buy.step1")}</h2>
          <Select
            label={t("produce.field.line")}
            name="listLineId"
            options={list.lines.map((l) => ({
              value: l.id,
              label: `${l.produce} · ${l.grade} · ${f.price(l.unit, l.priceFen)}`,
            }))}
            errors={errors}
          />
          <label className="flex min-h-11 items-center gap-2 text-sm">
            <input type="checkbox" name="cardConfirmed" value="on" className="h-6 w-6" />
            {t("produce.buy.cardConfirmed")}
          </label>
          {errors?.fieldErrors?.cardConfirmed ? (
            <p className="text-sm text-red-700" role="alert">
              {errors.fieldErrors.cardConfirmed}
            </p>
          ) : null}
        </Card>
        <Card>
          <h2 className="font-semibold">{t("produce.buy.step2")}</h2>
          {farmers.length > 0 ? (
            <Select
              label={t("produce.field.farmer")}
              name="farmerId"
              options={[
                { value: "", label: t("produce.buy.newFarmer") },
                ...farmers.map((fa) => ({ value: fa.id, label: `${fa.name} · ${fa.village}` })),
              ]}
              errors={errors}
            />
          ) : null}
          <div className="grid grid-cols-2 gap-3">
            <Field label={t("produce.field.farmerName")} name="farmerName" errors={errors} />
            <Field label={t("produce.field.mobile")} name="farmerMobile" inputMode="tel" errors={errors} />
          </div>
          <Field label={t("produce.field.village")} name="village" errors={errors} />
        </Card>
        <Card>
          <h2 className="font-semibold">{t("produce.buy.step3")}</h2>
          <div className="grid grid-cols-2 gap-3">
            <Field
              label={t("produce.field.qty")}
              name="qty"
              inputMode="numeric"
              hint={t("produce.field.qtyHint")}
              errors={errors}
            />
            <Field
              label={t("produce.field.price")}
              name="price"
              inputMode="decimal"
              hint={t("produce.field.priceHint")}
              errors={errors}
            />
          </div>
          <Select
            label={t("produce.field.payment")}
            name="payment"
            options={[
              { value: "cash", label: t("produce.payment.cash") },
              { value: "owed", label: t("produce.payment.owed") },
            ]}
            errors={errors}
          />
        </Card>
        <Card>
          <h2 className="font-semibold">{t("produce.buy.step4")}</h2>
          <div className="grid grid-cols-2 gap-3">
            <Field label={t("produce.field.certNo")} name="certNo" errors={errors} />
            <Field
              label={t("produce.field.harvestDate")}
              name="harvestDate"
              type="date"
              defaultValue={today}
              max={today}
              errors={errors}
            />
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor="f-file" className="text-sm font-medium text-stone-700">
              {t("produce.field.certPhoto")}
            </label>
            <input
              id="f-file"
              name="file"
              type="file"
              accept="image/*,application/pdf"
              capture="environment"
              className="min-h-12 text-base"
            />
          </div>
        </Card>
        <SubmitButton>{t("produce.buy.submit")}</SubmitButton>
      </Form>
    </div>
  );
}
