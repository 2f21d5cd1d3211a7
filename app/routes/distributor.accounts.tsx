import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { Field, FormError, Notice, Select, SubmitButton, type ActionErrors } from "~/components/forms";
import { AccountEntries } from "~/components/restock/account-entries";
import { ReportedPayments } from "~/components/restock/reported-payments";
import { newId } from "~/domain/ids.server";
import { accountList, accountOf } from "~/domain/restock/account.server";
import { PAYMENT_CHANNELS } from "~/domain/restock/kinds";
import { recordPayment, recordPaymentSchema } from "~/domain/restock/record-payment.server";
import {
  decideReportedPayment,
  decideReportSchema,
  reportedPaymentsOf,
} from "~/domain/restock/reported-payments.server";
import { attempt, load } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { useT } from "~/i18n/use-t";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "account.view");
  const params = new URL(request.url).searchParams;
  const store = params.get("store");
  return {
    accounts: accountList(ctx),
    account: store
      ? await load(ctx.locale, () => ({ ...accountOf(ctx, store), reports: reportedPaymentsOf(ctx, store) }))
      : null,
    store,
    requestId: newId(),
    done: params.get("done"),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "account.view");
  const formData = await request.formData();
  // A store's reported payment, confirmed or sent back (its form names the report).
  if (formData.has("reportId")) return decide(ctx, formData, new URL(request.url).searchParams.get("store"));
  const form = parseForm(formData, recordPaymentSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const result = await attempt(ctx.locale, () => recordPayment(ctx, form.data), formData);
  if (!result.ok) return result.reply;
  throw redirect(`/distributor/accounts?store=${form.data.storeOrgId}&done=paid`);
}

async function decide(ctx: Awaited<ReturnType<typeof requireOrgContext>>, formData: FormData, store: string | null) {
  const form = parseForm(formData, decideReportSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const result = await attempt(ctx.locale, () => decideReportedPayment(ctx, form.data), formData);
  if (!result.ok) return result.reply;
  throw redirect(`/distributor/accounts?store=${store ?? ""}&done=${form.data.decision}ed`);
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
          {/* After a refusal only the error shows: an earlier success banner beside it would contradict it. */}
          {data.done && !errors?.formError ? (
            <Notice>
              {t(
                data.done === "confirmed"
                  ? "accounts.reports.confirmed"
                  : data.done === "rejected"
                    ? "accounts.reports.rejected"
                    : "restock.account.paid",
              )}
            </Notice>
          ) : null}
          <AccountEntries account={data.account} />
          <ReportedPayments
            reports={data.account.reports}
            decide={{
              action: `/distributor/accounts?store=${data.store}`,
              requestId: data.requestId,
              errors: errors?.values?.reportId ? errors : undefined,
            }}
          />
          <Form
            method="post"
            action={`/distributor/accounts?store=${data.store}`}
            className="flex flex-col gap-2 rounded-xl bg-white p-3 shadow-sm"
            noValidate
          >
            <h2 className="font-semibold">{t("restock.account.recordPayment")}</h2>
            {errors?.values?.reportId ? null : <FormError errors={errors} />}
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
