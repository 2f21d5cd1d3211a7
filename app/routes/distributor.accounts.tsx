import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { Field, FormError, Notice, Select, SubmitButton, type ActionErrors } from "~/components/forms";
import { AccountEntries } from "~/components/restock/account-entries";
import { newId } from "~/domain/ids.server";
import { accountList, accountOf } from "~/domain/restock/account.server";
import { PAYMENT_CHANNELS } from "~/domain/restock/kinds";
import { recordPayment, recordPaymentSchema } from "~/domain/restock/record-payment.server";
import { attempt, load } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { useT } from "~/i18n/use-t";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "account.view");
  const params = new URL(request.url).searchParams;
  const store = params.get("store");
  return {
    accounts: accountList(ctx),
    account: store ? await load(ctx.locale, () => accountOf(ctx, store)) : null,
    store,
    requestId: newId(),
    done: params.get("done"),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "account.view");
  const formData = await request.formData();
  const form = parseForm(formData, recordPaymentSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const result = await attempt(ctx.locale, () => recordPayment(ctx, form.data), formData);
  if (!result.ok) return result.reply;
  throw redirect(`/distributor/accounts?store=${form.data.storeOrgId}&done=paid`);
}

/** Each store's balance with this distributor; one store's entries and a payment form. */
export default function DistributorAccounts() {
  const data = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  const { t, money } = useT();
  return (
    <div className="grid gap-4 md:grid-cols-[minmax(0,1fr)_minmax(0,1.2fr)]">
      <section className="flex flex-col gap-2">
        <h1 className="text-xl font-bold">{t("restock.account.stores")}</h1>
        {data.accounts.length === 0 ? <p className="text-stone-500">{t("restock.account.noStores")}</p> : null}
        <ul className="divide-y divide-stone-100 rounded-xl bg-white shadow-sm" data-testid="accounts">
          {data.accounts.map((a) => (
            <li key={a.otherOrgId}>
              <Link
                to={`?store=${a.otherOrgId}`}
                aria-current={a.otherOrgId === data.store ? "page" : undefined}
                className={`flex min-h-12 items-center justify-between gap-2 px-3 ${a.otherOrgId === data.store ? "bg-brand-50" : ""}`}
              >
                <span className="min-w-0 truncate">{a.name}</span>
                <span className="shrink-0 text-xs text-stone-500">
                  {t(a.paymentTerms === "account" ? "restock.terms.accountShort" : "restock.terms.cod")}
                </span>
                <span className="w-24 shrink-0 text-right font-semibold tabular-nums">{money(a.balanceFen)}</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
      {data.account ? (
        <section className="flex flex-col gap-3">
          {data.done === "paid" ? <Notice>{t("restock.account.paid")}</Notice> : null}
          <AccountEntries account={data.account} />
          <Form
            method="post"
            action={`/distributor/accounts?store=${data.store}`}
            className="flex flex-col gap-2 rounded-xl bg-white p-3 shadow-sm"
            noValidate
          >
            <h2 className="font-semibold">{t("restock.account.recordPayment")}</h2>
            <FormError errors={errors} />
            <input type="hidden" name="requestId" value={data.requestId} />
            <input type="hidden" name="storeOrgId" value={data.store ?? ""} />
            <Field
              label={t("restock.account.amount")}
              name="amountFen"
              inputMode="decimal"
              autoComplete="off"
              errors={errors}
            />
            <Select
              label={t("restock.account.method")}
              name="method"
              errors={errors}
              options={PAYMENT_CHANNELS.map((m) => ({ value: m, label: t(`restock.account.method.${m}`) }))}
            />
            <Field label={t("restock.account.note")} name="note" optional maxLength={200} errors={errors} />
            <SubmitButton>{t("restock.account.recordPayment")}</SubmitButton>
          </Form>
        </section>
      ) : (
        <FormError errors={errors} />
      )}
    </div>
  );
}
