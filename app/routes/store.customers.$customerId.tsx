import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { Field, FormError, Notice, Select, SubmitButton, type ActionErrors } from "~/components/forms";
import { getCustomer } from "~/domain/credit/get-customer.server";
import { recordRepayment, recordRepaymentSchema } from "~/domain/credit/record-repayment.server";
import { newId } from "~/domain/ids.server";
import { fenToYuanString } from "~/domain/money";
import { REPAYMENT_TENDERS } from "~/domain/sales/tenders";
import { attempt, load } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { useT } from "~/i18n/use-t";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "customer.view");
  const account = await load(ctx.locale, () => getCustomer(ctx, params.customerId ?? ""));
  return { ...account, requestId: newId() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "credit.repay");
  const formData = await request.formData();
  const form = parseForm(formData, recordRepaymentSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const result = await attempt(ctx.locale, () => recordRepayment(ctx, params.customerId ?? "", form.data), formData);
  if (!result.ok) return result.reply;
  throw redirect(`/store/customers/${result.value.customerId}?done=repaid`);
}

export default function CustomerAccount() {
  const { customer, balanceFen, entries, requestId } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  const [params] = useSearchParams();
  const { t, money, dateTime } = useT();
  return (
    <div className="flex flex-col gap-4">
      <Link to="/store/customers" className="flex min-h-11 items-center self-start text-sm text-brand-700">
        ← {t("credit.title")}
      </Link>
      {/* A refused repayment (posted to this same ?done=repaid address) shows its error alone. */}
      {params.get("done") === "repaid" && !errors ? (
        <Notice>{t("credit.repaid", { amount: money(balanceFen) })}</Notice>
      ) : null}
      <section className="flex items-baseline justify-between gap-2 rounded-xl bg-white p-4 shadow-sm">
        <span className="min-w-0">
          <h1 className="truncate text-xl font-bold">{customer.name}</h1>
          {customer.phone ? (
            <a
              href={`tel:${customer.phone}`}
              className="inline-flex min-h-11 items-center text-sm text-brand-700 underline"
            >
              {customer.phone}
            </a>
          ) : null}
        </span>
        <span className="shrink-0 text-right">
          <span className="block text-xs text-stone-500">{t("credit.balance")}</span>
          <span
            className={`text-2xl font-bold tabular-nums ${balanceFen > 0 ? "text-red-700" : ""}`}
            data-testid="balance"
          >
            {money(balanceFen)}
          </span>
        </span>
      </section>
      {balanceFen > 0 ? (
        <Form
          method="post"
          className="flex flex-col gap-3 rounded-xl bg-white p-3 shadow-sm"
          noValidate
          key={requestId}
        >
          <h2 className="font-semibold">{t("credit.repay")}</h2>
          <input type="hidden" name="requestId" value={errors?.values?.requestId ?? requestId} />
          <FormError errors={errors} />
          <div className="grid grid-cols-2 gap-3">
            <Field
              label={t("credit.repayAmount")}
              name="amount"
              inputMode="decimal"
              placeholder={fenToYuanString(balanceFen)}
              errors={errors}
            />
            <Select
              label={t("credit.repayTender")}
              name="tender"
              options={REPAYMENT_TENDERS.map((v) => ({ value: v, label: t(`tender.${v}`) }))}
              defaultValue="cash"
              errors={errors}
            />
          </div>
          <SubmitButton>{t("credit.repaySubmit")}</SubmitButton>
        </Form>
      ) : null}
      <section className="rounded-xl bg-white p-4 shadow-sm">
        <h2 className="mb-2 font-semibold">{t("credit.history")}</h2>
        {entries.length === 0 ? (
          <p className="text-sm text-stone-500">{t("credit.historyEmpty")}</p>
        ) : (
          <ol className="divide-y divide-stone-100 text-sm" data-testid="entries">
            {entries.map((e) => (
              <li key={e.id} className="flex items-start justify-between gap-2 py-2">
                <span className="min-w-0">
                  <span className="font-medium">
                    {e.saleId ? (
                      <Link
                        to={`/store/sales/${e.saleId}`}
                        className="inline-flex min-h-11 min-w-11 items-center underline"
                      >
                        {t(`credit.kind.${e.kind}`)}
                      </Link>
                    ) : (
                      t(`credit.kind.${e.kind}`)
                    )}
                    {e.tender ? ` · ${t(`tender.${e.tender}`)}` : ""}
                  </span>
                  <span className="block text-xs text-stone-500">
                    {dateTime(e.createdAt)}
                    {e.actorName ? ` · ${e.actorName}` : ""}
                    {e.note ? ` · ${e.note}` : ""}
                  </span>
                </span>
                <span
                  className={`shrink-0 font-semibold tabular-nums ${e.amountFen > 0 ? "text-red-700" : "text-brand-700"}`}
                >
                  {e.amountFen > 0 ? "+" : "−"}
                  {money(Math.abs(e.amountFen))}
                </span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
