import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { Field, FormError, Notice, SubmitButton, type ActionErrors } from "~/components/forms";
import { Card } from "~/components/produce/bits";
import { DisputeList } from "~/components/produce/dispute";
import { newId } from "~/domain/ids.server";
import { may } from "~/domain/permission-check.server";
import { listDisputes } from "~/domain/produce/disputes.server";
import { getFarmerAccount } from "~/domain/produce/farmer-accounts.server";
import { netFarmerSchema, payFarmerSchema } from "~/domain/produce/fields.server";
import { netFarmer } from "~/domain/produce/net-farmer.server";
import { payFarmer } from "~/domain/produce/pay-farmer.server";
import { attempt, load } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { readIntent } from "~/http/intents.server";
import { useT } from "~/i18n/use-t";
import "~/i18n/audiences/produce";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "produce.view");
  const account = await load(ctx.locale, () => getFarmerAccount(ctx, params.farmerId ?? ""));
  return {
    ...account,
    disputes: listDisputes(ctx, { farmerId: account.farmer.id }),
    mayPay: may(ctx, "farmer.pay"),
    mayNet: may(ctx, "farmer.net"),
    requestId: newId(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  // Paying and netting are both the owner's (farmer.pay, farmer.net); each verb checks its own.
  const ctx = await requireOrgContext(request, "farmer.pay");
  const formData = await request.formData();
  const intent = readIntent(formData, ["pay", "net"], ctx.locale);
  if (!intent.ok) return intent.reply;
  const farmerId = params.farmerId ?? "";
  if (intent.value === "pay") {
    const form = parseForm(formData, payFarmerSchema, ctx.locale);
    if (!form.ok) return form.reply;
    const result = await attempt(ctx.locale, () => payFarmer(ctx, farmerId, form.data), formData);
    if (!result.ok) return result.reply;
    throw redirect(`/store/produce/farmers/${farmerId}?done=paid`);
  }
  const form = parseForm(formData, netFarmerSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const result = await attempt(ctx.locale, () => netFarmer(ctx, farmerId, form.data), formData);
  if (!result.ok) return result.reply;
  throw redirect(`/store/produce/farmers/${farmerId}?done=netted`);
}

/** The farmer's account: what the store owes for produce, the farmer's own 赊账 beside it, pay or net. */
export default function FarmerAccount() {
  const { farmer, owedFen, credit, nettableFen, entries, disputes, mayPay, mayNet, requestId } =
    useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  const [params] = useSearchParams();
  const { t, money, dateTime } = useT();
  const done = params.get("done");
  return (
    <div className="flex flex-col gap-3">
      <Link to="/store/produce" className="flex min-h-11 items-center self-start text-sm text-brand-700">
        ← {t("produce.title")}
      </Link>
      {done && !errors ? <Notice>{t(done === "paid" ? "produce.farmer.paid" : "produce.farmer.netted")}</Notice> : null}
      <FormError errors={errors} />
      <Card>
        <h1 className="text-xl font-bold">{farmer.name}</h1>
        <p className="text-sm text-stone-600">
          {farmer.village} ·{" "}
          <a href={`tel:${farmer.mobile}`} className="inline-flex min-h-11 items-center underline">
            {farmer.mobile}
          </a>
        </p>
        <div className="grid grid-cols-2 gap-2 text-center" data-testid="both-sides">
          <div className="rounded-lg bg-stone-50 p-2">
            <p className="text-xs text-stone-500">{t("produce.farmer.storeOwes")}</p>
            <p className="text-xl font-bold tabular-nums" data-testid="owed">
              {money(owedFen)}
            </p>
          </div>
          <div className="rounded-lg bg-stone-50 p-2">
            <p className="text-xs text-stone-500">{t("produce.farmer.farmerOwes")}</p>
            <p className="text-xl font-bold tabular-nums" data-testid="credit">
              {credit ? money(credit.balanceFen) : "—"}
            </p>
          </div>
        </div>
      </Card>
      {mayNet && nettableFen > 0 ? (
        <Form method="post" className="rounded-xl bg-white p-3 shadow-sm" key={`net-${requestId}`}>
          <input type="hidden" name="requestId" value={requestId} />
          <p className="mb-2 text-sm">{t("produce.farmer.netExplain", { amount: money(nettableFen) })}</p>
          <SubmitButton name="intent" value="net">
            {t("produce.farmer.net", { amount: money(nettableFen) })}
          </SubmitButton>
        </Form>
      ) : null}
      {mayPay && owedFen > 0 ? (
        <Form
          method="post"
          className="flex flex-col gap-2 rounded-xl bg-white p-3 shadow-sm"
          noValidate
          key={`pay-${requestId}`}
        >
          <input type="hidden" name="requestId" value={errors?.values?.requestId ?? requestId} />
          <Field
            label={t("produce.farmer.payAmount")}
            name="amount"
            inputMode="decimal"
            defaultValue={(owedFen / 100).toFixed(2)}
            errors={errors}
          />
          <SubmitButton name="intent" value="pay">
            {t("produce.farmer.pay")}
          </SubmitButton>
        </Form>
      ) : null}
      {disputes.length > 0 ? (
        <Card>
          <h2 className="font-semibold">{t("produce.disputes.title")}</h2>
          <DisputeList disputes={disputes} testId="farmer-disputes" />
        </Card>
      ) : null}
      <Card>
        <h2 className="font-semibold">{t("produce.farmer.history")}</h2>
        <ol className="divide-y divide-stone-100 text-sm" data-testid="farmer-entries">
          {entries.map((e) => (
            <li key={e.id} className="flex justify-between gap-2 py-2">
              <span>
                {t(`produce.entry.${e.kind}`)}
                <span className="block text-xs text-stone-500">{dateTime(e.createdAt)}</span>
              </span>
              <span className="tabular-nums">
                {e.amountFen > 0 ? "+" : "−"}
                {money(Math.abs(e.amountFen))}
              </span>
            </li>
          ))}
        </ol>
      </Card>
    </div>
  );
}
