import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { Field, FormError, Notice, SubmitButton, type ActionErrors } from "~/components/forms";
import { PayHint } from "~/components/payments/pay-hint";
import { DeliveryLine, TierProgress, TimeLeft } from "~/components/pledges/campaign-bits";
import { memberCampaignPage } from "~/domain/alliances/member-campaigns.server";
import { payDeposit } from "~/domain/alliances/pay-deposit.server";
import { pledge, pledgeSchema, withdrawPledge, withdrawSchema } from "~/domain/alliances/pledge.server";
import { newId } from "~/domain/ids.server";
import { methodOrder } from "~/domain/payments/start-payment.server";
import { attempt, load } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { readIntent } from "~/http/intents.server";
import { isPhone } from "~/http/user-agent.server";
import type { MessageKey } from "~/i18n/messages";
import { useT } from "~/i18n/use-t";
import "~/i18n/audiences/store-alliance";
import { PriceOrigin } from "~/components/negotiation/price-origin";
import { campaignOrigin } from "~/domain/negotiation/campaign-origin.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "groupBuy.view");
  const done = new URL(request.url).searchParams.get("done");
  const campaign = await load(ctx.locale, () =>
    memberCampaignPage(ctx, params.campaignId ?? "", { returned: done === "paid" }),
  );
  const phone = isPhone(request);
  return {
    campaign,
    requestId: newId(),
    now: ctx.clock.now(),
    done,
    phone,
    methods: methodOrder(campaign.paymentMethods, phone),
    origin: campaignOrigin(ctx, campaign.id),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "groupBuy.view");
  const campaignId = params.campaignId ?? "";
  const here = `/store/alliances/campaigns/${campaignId}`;
  const formData = await request.formData();
  const intent = readIntent(formData, ["pledge", "pay", "withdraw"], ctx.locale);
  if (!intent.ok) return intent.reply;
  if (intent.value === "pay") {
    // The provider sends the payer back here; the page then asks the provider (never trusts the URL).
    const returnUrl = `${new URL(request.url).origin}${here}?done=paid`;
    const paid = await attempt(
      ctx.locale,
      () => payDeposit(ctx, campaignId, returnUrl, { phone: isPhone(request) }),
      formData,
    );
    if (!paid.ok) return paid.reply;
    throw redirect(paid.value.redirectUrl ?? `${here}?done=paid`);
  }
  if (intent.value === "withdraw") {
    const form = parseForm(formData, withdrawSchema, ctx.locale);
    if (!form.ok) return form.reply;
    // The campaign is the page's: a form naming another one is answered for this one.
    const result = await attempt(ctx.locale, () => withdrawPledge(ctx, { ...form.data, campaignId }), formData);
    if (!result.ok) return result.reply;
    throw redirect(`${here}?done=withdrawn`);
  }
  const form = parseForm(formData, pledgeSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const result = await attempt(ctx.locale, () => pledge(ctx, { ...form.data, campaignId }), formData);
  if (!result.ok) return result.reply;
  throw redirect(`${here}?done=pledged`);
}

export default function MemberCampaign() {
  const { campaign: c, requestId, now, done, phone, methods, origin } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  const { t, money, number } = useT();
  const unit = c.packUnit;
  const mine = c.pledge?.status === "active" ? c.pledge : null;
  const percent = (c.depositBp / 100).toFixed(c.depositBp % 100 ? 2 : 0);
  return (
    <div className="flex flex-col gap-3">
      <Link to="/store/alliances/campaigns" className="flex min-h-11 items-center text-sm text-brand-700 underline">
        ← {t("pledge.backToList")}
      </Link>
      <div className="flex items-baseline justify-between gap-2">
        <h1 className="text-xl font-bold">{c.title}</h1>
        <span className="shrink-0 text-sm text-stone-600" data-testid="campaign-status">
          {t(`pledge.status.${c.status}` as MessageKey)}
        </span>
      </div>
      <p className="text-xs text-stone-500">
        {t("pledge.supplier", { name: c.supplierName })} · {t("pledge.alliance", { name: c.allianceName })}
      </p>
      {c.description ? <p className="text-sm text-stone-700">{c.description}</p> : null}
      {origin ? <PriceOrigin origin={origin} /> : null}
      {done === "pledged" && mine ? <Notice>{t("pledge.saved", { packs: number(mine.packs), unit })}</Notice> : null}
      {done === "withdrawn" ? <Notice>{t("pledge.withdrawnDone")}</Notice> : null}
      {done === "paid" && (c.deposit === "due" || c.deposit === "confirming") ? (
        <Notice>{t("pledge.payConfirming")}</Notice>
      ) : null}
      <FormError errors={errors} />

      <section className="flex flex-col gap-2 rounded-xl bg-white p-3 shadow-sm">
        {c.status === "open" ? <TimeLeft deadlineAt={c.deadlineAt} now={now} /> : null}
        <TierProgress p={c} closed={c.closed} />
        <DeliveryLine date={c.expectedDeliveryDate} distributorName={c.distributorName} />
        <details className="text-sm">
          <summary className="min-h-11 cursor-pointer py-2 text-brand-700">{t("pledge.tiers")}</summary>
          <ul className="flex flex-col gap-1 pb-1">
            {c.tiers.map((tier, i) => (
              <li key={tier.minPacks} className={i === c.tierIndex ? "font-semibold" : ""}>
                {t("pledge.tierRow", { packs: number(tier.minPacks), unit, price: money(tier.priceFen) })}
              </li>
            ))}
          </ul>
          {c.capPacks !== null ? (
            <p className="text-stone-600">{t("pledge.cap", { packs: number(c.capPacks), unit })}</p>
          ) : null}
        </details>
      </section>

      {c.finalPriceFen !== null ? (
        <section className="rounded-xl bg-white p-3 text-sm shadow-sm" data-testid="campaign-result">
          <p className="font-semibold">{t("pledge.finalPrice", { unit, price: money(c.finalPriceFen) })}</p>
          {mine?.savingsFen != null ? (
            <p className="font-semibold text-green-700" data-testid="my-savings">
              {t("pledge.savings", { amount: money(mine.savingsFen) })}
            </p>
          ) : mine?.restockOrderId ? (
            <p className="text-stone-600">{t("pledge.savingsPending")}</p>
          ) : null}
          {mine?.restockOrderId ? (
            <Link
              to={`/store/restock/orders/${mine.restockOrderId}`}
              className="mt-1 flex min-h-11 items-center text-brand-700 underline"
            >
              {t("pledge.order")}
            </Link>
          ) : null}
        </section>
      ) : null}

      <section className="flex flex-col gap-2" aria-labelledby="my-pledge">
        <p id="my-pledge" className="font-semibold" data-testid="my-pledge">
          {mine
            ? t("pledge.mine", { packs: number(mine.packs), unit })
            : c.pledge?.status === "withdrawn"
              ? t("pledge.withdrawn")
              : t("pledge.mineNone")}
        </p>
        {mine || c.deposit !== "none" ? (
          <DepositLine
            state={c.deposit}
            amountFen={mine?.depositFen ?? 0}
            dueFen={c.depositDueFen}
            heldFen={c.depositHeldFen}
            percent={percent}
          />
        ) : null}
        {mine && c.deposit === "due" && c.paymentsOnline && !c.closed ? (
          <Form method="post" className="flex flex-col gap-1">
            <input type="hidden" name="intent" value="pay" />
            <SubmitButton>
              {c.depositHeldFen > 0
                ? t("payments.deposit.payDifference", { amount: money(c.depositDueFen) })
                : t("pledge.pay", { amount: money(c.depositDueFen) })}
            </SubmitButton>
            <PayHint methods={methods} phone={phone} />
          </Form>
        ) : null}
        {!c.closed ? (
          <>
            <Form method="post" noValidate className="flex flex-col gap-2">
              <input type="hidden" name="intent" value="pledge" />
              <input type="hidden" name="requestId" value={requestId} />
              <input type="hidden" name="campaignId" value={c.id} />
              <input type="hidden" name="priceFen" value={c.topPriceFen} />
              <Field
                label={t("pledge.packs", { unit })}
                name="packs"
                inputMode="numeric"
                pattern="[0-9]*"
                autoComplete="off"
                defaultValue={mine ? String(mine.packs) : ""}
                errors={errors}
                hint={
                  c.depositBp > 0
                    ? t("pledge.deposit", { amount: money(c.depositPerPackExample), percent }) + ` / ${unit}`
                    : t("pledge.noDeposit")
                }
              />
              <SubmitButton>{mine ? t("pledge.change") : t("pledge.submit")}</SubmitButton>
            </Form>
            {mine ? (
              <Form method="post" className="flex flex-col">
                <input type="hidden" name="intent" value="withdraw" />
                <input type="hidden" name="requestId" value={requestId} />
                <input type="hidden" name="campaignId" value={c.id} />
                <button
                  type="submit"
                  className="min-h-12 rounded-lg border border-stone-300 bg-white px-4 text-stone-700"
                >
                  {t("pledge.withdraw")}
                </button>
              </Form>
            ) : null}
          </>
        ) : null}
      </section>
    </div>
  );
}

function DepositLine({
  state,
  amountFen,
  dueFen,
  heldFen,
  percent,
}: {
  state: string;
  amountFen: number;
  dueFen: number;
  heldFen: number;
  percent: string;
}) {
  const { t, money } = useT();
  const amount = money(amountFen);
  const texts: Record<string, string> = {
    none: t("pledge.noDeposit"),
    due:
      heldFen > 0
        ? t("payments.deposit.difference", { paid: money(heldFen), amount: money(dueFen) })
        : t("pledge.payPending", { amount }),
    confirming: t("payments.deposit.confirming"),
    paid: t("pledge.paid", { amount }),
    captured: t("pledge.captured", { amount }),
    refunding: t("payments.deposit.refunding"),
    refunded: t("payments.deposit.refunded"),
    refundFailed: t("payments.deposit.refundFailed"),
    offline: t("payments.deposit.offlineMode"),
    payeeOffline: t("payments.payeeOffline.deposit"),
  };
  return (
    <p
      className={`rounded-lg p-2 text-sm ${state === "due" ? "bg-amber-50 text-amber-900" : "bg-stone-100 text-stone-700"}`}
      data-testid="deposit-state"
      data-state={state}
    >
      {texts[state] ?? texts.none}
      {state === "due" ? <span className="block text-xs">{t("pledge.deposit", { amount, percent })}</span> : null}
    </p>
  );
}
