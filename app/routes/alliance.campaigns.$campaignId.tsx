import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { CampaignTimeline } from "~/components/alliance/campaign-timeline";
import { RequestId } from "~/components/alliance/hidden";
import { CampaignStatusBadge } from "~/components/alliance/status-badge";
import { Field, FormError, type ActionErrors } from "~/components/forms";
import { BackLink } from "~/components/page-top";
import { FailedRefunds } from "~/components/payments/failed-refunds";
import { campaignActionSchema } from "~/domain/alliances/campaign-action-fields.server";
import { campaignDetail } from "~/domain/alliances/campaign-detail.server";
import { runCampaignAction } from "~/domain/alliances/campaign-actions.server";
import { newId } from "~/domain/ids.server";
import { fenToYuanString } from "~/domain/money";
import { paymentsEnabled } from "~/domain/payments/stripe.server";
import { attempt, load } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { readIntent } from "~/http/intents.server";
import { useT } from "~/i18n/use-t";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "campaign.view");
  const detail = await load(ctx.locale, () => campaignDetail(ctx, params.campaignId!));
  return { ...detail, requestId: newId(), online: paymentsEnabled() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "campaign.view");
  const formData = await request.formData();
  // The schema tells the three buttons apart; an unknown intent gets the common answer first.
  const intent = readIntent(formData, ["open", "closeNow", "cancel"], ctx.locale);
  if (!intent.ok) return intent.reply;
  const form = parseForm(formData, campaignActionSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const result = await attempt(ctx.locale, () => runCampaignAction(ctx, params.campaignId!, form.data), formData);
  if (!result.ok) return result.reply;
  return { done: form.data.intent };
}

const button = "min-h-12 w-full rounded-lg px-4 text-base font-semibold";

export default function CampaignPage() {
  const d = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const errors = answer as ActionErrors;
  const { t, money, dateTime } = useT();
  const c = d.campaign;
  const unit = c.packUnit;
  return (
    <>
      <BackLink to="/alliance/campaigns">{t("alliance.campaigns.back")}</BackLink>
      <div className="flex items-start justify-between gap-2">
        <h1 className="min-w-0 text-xl font-bold break-words">{c.title}</h1>
        <CampaignStatusBadge status={c.status} />
      </div>
      <FormError errors={errors} />
      {answer && "done" in answer && answer.done === "closeNow" ? (
        <p role="status" className="rounded-lg bg-sky-50 p-3 text-sm text-sky-900">
          {t("alliance.detail.closeQueued")}
        </p>
      ) : null}

      <section className="flex flex-col gap-2 rounded-xl bg-white p-3 shadow-sm" data-testid="progress">
        {c.finalPriceFen !== null && c.totalPacks !== null ? (
          <p className="font-semibold">
            {t("alliance.detail.final", { packs: c.totalPacks, unit, price: money(c.finalPriceFen) })}
          </p>
        ) : (
          <p className="text-lg font-semibold tabular-nums">
            {t("alliance.detail.total", { packs: d.totalPacks, unit, members: d.members })}
          </p>
        )}
        <Progress total={d.totalPacks} tiers={c.tiers} moq={c.moqPacks} />
        <p className="text-sm">
          {d.reached
            ? t("alliance.detail.tierReached", { n: d.reached.index + 1, unit, price: money(d.reached.tier.priceFen) })
            : t("alliance.detail.noTier")}
        </p>
        {c.status === "draft" || c.status === "open" ? (
          <p className="text-sm text-stone-600">
            {d.next
              ? t("alliance.detail.toNext", {
                  packs: d.next.packsToGo,
                  unit,
                  n: c.tiers.findIndex((x) => x.minPacks === d.next!.tier.minPacks) + 1,
                  price: money(d.next.tier.priceFen),
                })
              : t("alliance.detail.topTier")}
          </p>
        ) : null}
        <p className={`text-sm ${d.moqMet ? "text-emerald-700" : "text-amber-700"}`}>
          {d.moqMet
            ? t("alliance.detail.moqMet")
            : t("alliance.detail.moqMissing", { packs: c.moqPacks - d.totalPacks, unit })}
        </p>
        {c.depositBp > 0 ? (
          <p className="text-sm text-stone-600">{t("alliance.detail.deposits", { amount: money(d.depositsFen) })}</p>
        ) : null}
        {c.cancelReason ? (
          <p className="text-sm text-stone-700">{t("alliance.detail.cancelled", { reason: c.cancelReason })}</p>
        ) : null}
      </section>

      <section className="flex flex-col gap-1 rounded-xl bg-white p-3 text-sm shadow-sm">
        <h2 className="font-semibold">{t("alliance.detail.tiers")}</h2>
        <ol className="flex flex-col gap-0.5 tabular-nums" data-testid="tiers">
          {c.tiers.map((tier, i) => (
            <li key={tier.minPacks} className={d.reached?.index === i ? "font-semibold text-emerald-800" : ""}>
              {t("alliance.detail.tierRow", { packs: tier.minPacks, unit, price: money(tier.priceFen) })}
            </li>
          ))}
        </ol>
        <p className="mt-2 text-stone-600 break-words">
          {t("alliance.detail.supplier", { name: d.supplierName })} · {c.productName}
        </p>
        <p className="text-stone-600">
          {t("alliance.detail.pack", { packUnit: unit, packSize: c.packSize, baseUnit: c.baseUnit })}
        </p>
        <p className="text-stone-600 break-words">
          {t("alliance.detail.fulfilment", { name: d.distributorName ?? t("alliance.form.direct") })}
        </p>
        <p className="text-stone-600">
          {t("alliance.detail.moq", { packs: c.moqPacks, unit })}
          {c.capPacks ? ` · ${t("alliance.detail.cap", { packs: c.capPacks, unit })}` : ""}
        </p>
        <p className="text-stone-600 tabular-nums">{t("alliance.detail.deadline", { time: dateTime(c.deadlineAt) })}</p>
        <p className="text-stone-600 tabular-nums">{t("alliance.detail.delivery", { date: c.expectedDeliveryDate })}</p>
        <p className="text-stone-600">
          {t("alliance.detail.deposit", { percent: fenToYuanString(c.depositBp).replace(/\.00$/, "") })}
        </p>
        {c.depositBp > 0 && !d.online ? (
          <p className="rounded bg-amber-50 p-2 text-amber-900">{t("alliance.detail.offline")}</p>
        ) : null}
        {c.description ? <p className="mt-1 whitespace-pre-line break-words text-stone-700">{c.description}</p> : null}
      </section>

      <Actions d={d} requestId={d.requestId} errors={errors} />

      {d.failedRefunds.length ? <FailedRefunds refunds={d.failedRefunds} /> : null}

      <section className="flex flex-col gap-2">
        <h2 className="font-semibold">{t("alliance.detail.pledges")}</h2>
        {d.pledges.length ? (
          <ul className="flex flex-col gap-2" data-testid="pledges">
            {d.pledges.map((p) => (
              <li
                key={p.id}
                className={`flex flex-col gap-0.5 rounded-xl bg-white p-3 shadow-sm ${p.status === "withdrawn" ? "opacity-60" : ""}`}
              >
                <span className="flex items-start justify-between gap-2">
                  <span className="min-w-0 font-medium break-words">{p.storeName}</span>
                  <span className="shrink-0 text-xs text-stone-600">
                    {p.status === "withdrawn"
                      ? t("alliance.detail.withdrawn")
                      : p.savingsFen !== null
                        ? t("alliance.detail.saved", { amount: money(p.savingsFen) })
                        : c.depositBp === 0
                          ? null
                          : p.payment
                            ? t(`alliance.pay.${p.payment.status}`)
                            : t("alliance.pay.none")}
                  </span>
                </span>
                <span className="text-sm text-stone-600 tabular-nums">
                  {c.depositBp > 0
                    ? t("alliance.detail.pledgeRow", { packs: p.packs, unit, deposit: money(p.depositFen) })
                    : t("alliance.detail.pledgePacks", { packs: p.packs, unit })}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-stone-500">{t("alliance.detail.noPledges")}</p>
        )}
      </section>

      <section className="flex flex-col gap-2">
        <h2 className="font-semibold">{t("alliance.detail.timeline")}</h2>
        <CampaignTimeline steps={d.timeline} />
      </section>
    </>
  );
}

/** A bar to the top tier, with a tick at each tier and at the MOQ. */
function Progress({ total, tiers, moq }: { total: number; tiers: { minPacks: number }[]; moq: number }) {
  const top = Math.max(...tiers.map((x) => x.minPacks), moq, 1);
  const pct = (n: number) => `${Math.min(100, (n / top) * 100)}%`;
  return (
    <div className="relative h-4 w-full overflow-hidden rounded-full bg-stone-200" aria-hidden>
      <div className="h-full bg-brand-600" style={{ width: pct(total) }} />
      {tiers.map((x) => (
        <span key={x.minPacks} className="absolute top-0 h-full w-0.5 bg-white" style={{ left: pct(x.minPacks) }} />
      ))}
    </div>
  );
}

function Actions({
  d,
  requestId,
  errors,
}: {
  d: ReturnType<typeof useLoaderData<typeof loader>>;
  requestId: string;
  errors: ActionErrors;
}) {
  const { t } = useT();
  const id = d.campaign.id;
  if (!d.can.edit && !d.can.open && !d.can.cancel && !d.can.closeNow) return null;
  return (
    <section className="flex flex-col gap-3 rounded-xl bg-white p-3 shadow-sm">
      {d.can.edit ? (
        <Link
          to={`/alliance/campaigns/${id}/edit`}
          className={`${button} flex items-center justify-center border border-stone-300 text-stone-800`}
        >
          {t("alliance.detail.edit")}
        </Link>
      ) : null}
      {d.can.open ? (
        <Form method="post" className="flex flex-col gap-1">
          <RequestId value={requestId} />
          <button type="submit" name="intent" value="open" className={`${button} bg-brand-700 text-white`}>
            {t("alliance.detail.open")}
          </button>
          <p className="text-xs text-stone-500">{t("alliance.detail.openHint")}</p>
        </Form>
      ) : null}
      {d.can.closeNow ? (
        <Form method="post" className="flex flex-col gap-1">
          <RequestId value={requestId} />
          <button type="submit" name="intent" value="closeNow" className={`${button} bg-brand-700 text-white`}>
            {t("alliance.detail.closeNow")}
          </button>
          <p className="text-xs text-stone-500">{t("alliance.detail.closeNowHint")}</p>
        </Form>
      ) : null}
      {d.can.cancel ? (
        <details open={Boolean(errors?.fieldErrors?.reason)}>
          <summary className="min-h-11 cursor-pointer content-center text-sm font-medium text-red-700">
            {t("alliance.detail.cancel")}
          </summary>
          <Form method="post" className="mt-2 flex flex-col gap-2">
            <RequestId value={requestId} />
            <Field
              label={t("alliance.detail.cancelReason")}
              name="reason"
              errors={errors}
              hint={t("alliance.detail.cancelHint")}
            />
            <button
              type="submit"
              name="intent"
              value="cancel"
              className={`${button} border border-red-300 bg-red-50 text-red-800`}
            >
              {t("alliance.detail.cancel")}
            </button>
          </Form>
        </details>
      ) : null}
    </section>
  );
}
