import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { Field, FormError, Notice, SubmitButton, type ActionErrors } from "~/components/forms";
import { Card, PriceCard, useProduceFormat } from "~/components/produce/bits";
import { addDays, isoWeekMonday, shanghaiDate } from "~/domain/dates";
import { newId } from "~/domain/ids.server";
import { may } from "~/domain/permission-check.server";
import { publishBuyingListSchema } from "~/domain/produce/fields.server";
import { distributorProduce } from "~/domain/produce/produce-views.server";
import { publishBuyingList } from "~/domain/produce/publish-buying-list.server";
import { attempt } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { useT } from "~/i18n/use-t";
import "~/i18n/audiences/produce";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "buyingList.view");
  const nextWeek = addDays(isoWeekMonday(shanghaiDate(ctx.clock.now())), 7);
  return { ...distributorProduce(ctx), nextWeek, mayPublish: may(ctx, "buyingList.publish"), requestId: newId() };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "buyingList.publish");
  const formData = await request.formData();
  const form = parseForm(formData, publishBuyingListSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const result = await attempt(ctx.locale, () => publishBuyingList(ctx, form.data), formData);
  if (!result.ok) return result.reply;
  throw redirect("/distributor/produce?done=published");
}

const ROWS = 4;

/** 农产品上行 at the distributor: the weekly buying list, and the consignments offered against it. */
export default function DistributorProduce() {
  const { lists, consignments, nextWeek, mayPublish, requestId } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  const [params] = useSearchParams();
  const { t, money } = useT();
  const f = useProduceFormat();
  return (
    <div className="mx-auto flex w-full max-w-3xl flex-col gap-4">
      <h1 className="text-xl font-bold">{t("produce.title")}</h1>
      {params.get("done") === "published" && !errors ? <Notice>{t("produce.list.published")}</Notice> : null}
      {mayPublish ? (
        <Form
          method="post"
          className="flex flex-col gap-3 rounded-xl bg-white p-3 shadow-sm"
          noValidate
          key={requestId}
        >
          <h2 className="font-semibold">{t("produce.list.new")}</h2>
          <input type="hidden" name="requestId" value={errors?.values?.requestId ?? requestId} />
          <FormError errors={errors} />
          <div className="grid grid-cols-2 gap-3">
            <Field
              label={t("produce.list.titleField")}
              name="title"
              defaultValue={t("produce.list.defaultTitle")}
              errors={errors}
            />
            <Field label={t("produce.list.weekOf")} name="weekOf" type="date" defaultValue={nextWeek} errors={errors} />
          </div>
          <p className="text-xs text-stone-500">{t("produce.list.rowsHint")}</p>
          {Array.from({ length: ROWS }, (_, i) => (
            <fieldset
              key={i}
              className="grid grid-cols-2 gap-2 border-t border-stone-100 pt-2 sm:grid-cols-5"
              data-testid="list-row"
            >
              <legend className="sr-only">{t("produce.list.row", { n: i + 1 })}</legend>
              <input
                name="produce"
                aria-label={t("produce.field.produce")}
                placeholder={t("produce.field.produce")}
                className="min-h-12 rounded-lg border border-stone-300 px-2"
              />
              <input
                name="grade"
                aria-label={t("produce.field.grade")}
                placeholder={t("produce.field.grade")}
                className="min-h-12 rounded-lg border border-stone-300 px-2"
              />
              <select
                name="unit"
                aria-label={t("produce.field.unit")}
                className="min-h-12 rounded-lg border border-stone-300 bg-white px-2"
              >
                <option value="jin">{t("produce.unit.jin")}</option>
                <option value="piece">{t("produce.unit.piece")}</option>
              </select>
              <input
                name="price"
                inputMode="decimal"
                aria-label={t("produce.field.listPrice")}
                placeholder={t("produce.field.listPrice")}
                className="min-h-12 rounded-lg border border-stone-300 px-2"
              />
              <input
                name="wanted"
                inputMode="numeric"
                aria-label={t("produce.field.wanted")}
                placeholder={t("produce.field.wantedShort")}
                className="min-h-12 rounded-lg border border-stone-300 px-2"
              />
            </fieldset>
          ))}
          {errors?.fieldErrors ? (
            <ul className="text-sm text-red-700" role="alert">
              {Object.entries(errors.fieldErrors).map(([k, v]) => (
                <li key={k}>{v}</li>
              ))}
            </ul>
          ) : null}
          <SubmitButton>{t("produce.list.publish")}</SubmitButton>
        </Form>
      ) : null}
      {lists.map((l) => (
        <Card key={l.id} testId="buying-list">
          <h2 className="font-semibold">
            {l.title} · {t("produce.list.week", { date: l.weekOf })}
          </h2>
          <PriceCard lines={l.lines} />
          <ul className="text-xs text-stone-500">
            {l.lines.map((x) => (
              <li key={x.id}>
                {t("produce.list.wants", { produce: `${x.produce} ${x.grade}`, qty: f.qty(x.unit, x.wantedQty) })}
              </li>
            ))}
          </ul>
        </Card>
      ))}
      <Card testId="consignments">
        <h2 className="font-semibold">{t("produce.consignments.title")}</h2>
        {consignments.length === 0 ? <p className="text-sm text-stone-500">{t("produce.consignments.none")}</p> : null}
        <ul className="divide-y divide-stone-100 text-sm">
          {consignments.map((c) => (
            <li key={c.id} className="flex items-center justify-between gap-2 py-1">
              <Link
                to={`/distributor/produce/consignments/${c.id}`}
                className="inline-flex min-h-11 items-center text-brand-700 underline"
              >
                {c.pickupDate} · {c.otherName}
              </Link>
              <span>
                {t(`produce.status.${c.status}`)}
                {c.settledFen !== null ? ` · ${money(c.settledFen)}` : ""}
              </span>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
