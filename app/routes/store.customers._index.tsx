import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { Field, FormError, SubmitButton, type ActionErrors } from "~/components/forms";
import { creditBook } from "~/domain/credit/balances.server";
import { createCustomer, createCustomerSchema } from "~/domain/credit/customers.server";
import { shanghaiDate } from "~/domain/dates";
import { newId } from "~/domain/ids.server";
import { attempt } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { useT } from "~/i18n/use-t";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "customer.view");
  return { ...creditBook(ctx), requestId: newId() };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "customer.save");
  const formData = await request.formData();
  const form = parseForm(formData, createCustomerSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const result = await attempt(ctx.locale, () => createCustomer(ctx, form.data), formData);
  if (!result.ok) return result.reply;
  throw redirect(`/store/customers/${result.value.customerId}`);
}

export default function CreditBook() {
  const { owing, settled, totalOwedFen, requestId } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  const { t, money } = useT();
  return (
    <div className="flex flex-col gap-3">
      <div className="flex items-baseline justify-between gap-2">
        <h1 className="text-xl font-bold">{t("credit.title")}</h1>
        <span className="font-semibold tabular-nums text-red-700" data-testid="total-owed">
          {t("credit.totalOwed", { amount: money(totalOwedFen) })}
        </span>
      </div>
      {owing.length === 0 ? (
        <p className="py-6 text-center text-stone-500">{t("credit.nobodyOwes")}</p>
      ) : (
        <ul
          aria-label={t("credit.title")}
          className="flex flex-col divide-y divide-stone-200 overflow-hidden rounded-xl bg-white shadow-sm"
        >
          {owing.map((c) => (
            <li key={c.id}>
              <Link to={`/store/customers/${c.id}`} className="flex min-h-14 items-center gap-3 px-3 py-2">
                <span className="min-w-0 flex-1">
                  <span className="block truncate font-medium">{c.name}</span>
                  <span className="block text-xs text-stone-500">
                    {c.owingSince ? t("credit.owingSince", { date: shanghaiDate(c.owingSince) }) : ""}
                    {c.phone ? ` · ${c.phone}` : ""}
                  </span>
                </span>
                <span className="text-lg font-bold tabular-nums text-red-700">{money(c.balanceFen)}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {settled.length > 0 ? (
        <details className="rounded-xl bg-white p-3 shadow-sm">
          <summary className="flex min-h-11 cursor-pointer items-center text-sm text-stone-600">
            {t("credit.settled")} ({settled.length})
          </summary>
          <ul className="mt-2 divide-y divide-stone-100 text-sm">
            {settled.map((c) => (
              <li key={c.id}>
                <Link to={`/store/customers/${c.id}`} className="flex min-h-11 items-center justify-between py-2">
                  <span>{c.name}</span>
                  <span className="tabular-nums text-stone-500">{money(c.balanceFen)}</span>
                </Link>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <Form method="post" className="flex flex-col gap-3 rounded-xl bg-white p-3 shadow-sm" noValidate key={requestId}>
        <h2 className="font-semibold">{t("credit.newCustomer")}</h2>
        <input type="hidden" name="requestId" value={errors?.values?.requestId ?? requestId} />
        <FormError errors={errors} />
        <div className="grid grid-cols-2 gap-3">
          <Field label={t("credit.name")} name="name" maxLength={40} errors={errors} />
          <Field label={t("credit.phone")} name="phone" inputMode="tel" maxLength={20} errors={errors} />
        </div>
        <SubmitButton>{t("credit.newCustomer")}</SubmitButton>
      </Form>
    </div>
  );
}
