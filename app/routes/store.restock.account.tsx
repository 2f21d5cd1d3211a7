import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { Field, FormError, Notice, Select, SubmitButton, type ActionErrors } from "~/components/forms";
import { AccountEntries } from "~/components/restock/account-entries";
import { ReportedPayments } from "~/components/restock/reported-payments";
import { shanghaiDate } from "~/domain/dates";
import { newId } from "~/domain/ids.server";
import { accountList, accountOf } from "~/domain/restock/account.server";
import { reportedPaymentsOf, reportPayment, reportPaymentSchema } from "~/domain/restock/reported-payments.server";
import { attempt, load } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { useT } from "~/i18n/use-t";
import "~/i18n/audiences/store-office";

const METHODS = ["cash", "bank", "wechat", "alipay"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "restock.view");
  const params = new URL(request.url).searchParams;
  const accounts = accountList(ctx);
  const chosen = params.get("d") ?? (accounts.length === 1 ? accounts[0].otherOrgId : null);
  const account = chosen
    ? await load(ctx.locale, () => ({ ...accountOf(ctx, chosen), reports: reportedPaymentsOf(ctx, chosen) }))
    : null;
  return {
    accounts,
    account,
    chosen,
    // The owner reports payments; a clerk sees the account only.
    mayReport: ctx.role === "owner",
    requestId: newId(),
    today: shanghaiDate(ctx.clock.now()),
    done: params.get("done"),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "account.reportPayment");
  const formData = await request.formData();
  const form = parseForm(formData, reportPaymentSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const result = await attempt(ctx.locale, () => reportPayment(ctx, form.data), formData);
  if (!result.ok) return result.reply;
  throw redirect(`/store/restock/account?d=${form.data.distributorOrgId}&done=reported`);
}

/** The store's account with each distributor: what it was charged, paid and credited; payments it reports. */
export default function StoreAccount() {
  const { accounts, account, chosen, mayReport, requestId, today, done } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  const { t, money } = useT();
  return (
    <div className="flex flex-col gap-3">
      <div className="flex items-center gap-3">
        <h1 className="flex-1 text-xl font-bold">{t("restock.account.title")}</h1>
        <Link
          to="/store/restock"
          className="flex min-h-11 min-w-11 items-center justify-center px-1 text-sm text-brand-700 underline"
        >
          {t("restock.title")}
        </Link>
      </div>
      {accounts.length === 0 ? <p className="text-stone-500">{t("restock.account.empty")}</p> : null}
      {accounts.length > 1 ? (
        <ul className="flex flex-col gap-2">
          {accounts.map((a) => (
            <li key={a.otherOrgId}>
              <Link
                to={`?d=${a.otherOrgId}`}
                className="flex min-h-12 items-center justify-between rounded-lg bg-white px-3 shadow-sm"
              >
                <span>{a.name}</span>
                <span className="font-semibold tabular-nums">{money(a.balanceFen)}</span>
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
      {/* A refused report shows its error alone: the banner of an earlier success would contradict it. */}
      {done === "reported" && !errors?.formError ? <Notice>{t("accounts.report.sent")}</Notice> : null}
      {account && mayReport ? (
        // The form sits below the entries: a way to it before a month of them.
        <a
          href="#report"
          className="flex min-h-12 items-center justify-center rounded-lg border border-brand-700 font-semibold text-brand-700"
        >
          {t("accounts.report.title")}
        </a>
      ) : null}
      {account ? <AccountEntries account={account} /> : null}
      {account && mayReport ? (
        <Form
          method="post"
          action={`/store/restock/account?d=${chosen}`}
          className="flex flex-col gap-2 rounded-xl bg-white p-3 shadow-sm"
          noValidate
          id="report"
          data-testid="report-payment"
        >
          <h2 className="font-semibold">{t("accounts.report.title")}</h2>
          <p className="text-xs text-stone-600">{t("accounts.report.hint")}</p>
          <FormError errors={errors} />
          <input type="hidden" name="requestId" value={requestId} />
          <input type="hidden" name="distributorOrgId" value={chosen ?? ""} />
          <Field
            label={t("accounts.report.amount")}
            name="amountFen"
            inputMode="decimal"
            autoComplete="off"
            errors={errors}
          />
          <Select
            label={t("accounts.report.method")}
            name="method"
            errors={errors}
            options={METHODS.map((m) => ({ value: m, label: t(`restock.account.method.${m}`) }))}
          />
          <Field
            label={t("accounts.report.paidOn")}
            name="paidOn"
            type="date"
            max={today}
            defaultValue={today}
            errors={errors}
          />
          <Field label={t("accounts.report.reference")} name="reference" optional maxLength={100} errors={errors} />
          <SubmitButton>{t("accounts.report.submit")}</SubmitButton>
        </Form>
      ) : null}
      {account ? <ReportedPayments reports={account.reports} /> : null}
    </div>
  );
}
