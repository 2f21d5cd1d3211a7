import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { RequestId } from "~/components/alliance/hidden";
import { Field, FormError, SubmitButton, type ActionErrors } from "~/components/forms";
import { BackLink } from "~/components/page-top";
import { EvidenceExact } from "~/components/negotiation/evidence";
import { ShareText } from "~/components/negotiation/share-link";
import { listSuppliers } from "~/domain/alliances/suppliers.server";
import { addDays, shanghaiDate } from "~/domain/dates";
import { newId } from "~/domain/ids.server";
import { awardQuote } from "~/domain/negotiation/award.server";
import { compareQuotes } from "~/domain/negotiation/compare.server";
import { askCounter } from "~/domain/negotiation/counter-round.server";
import { awardSchema, counterSchema, inviteSchema, sendSchema } from "~/domain/negotiation/fields.server";
import { requestDetail } from "~/domain/negotiation/negotiation-detail.server";
import { inviteSupplier, sendRequest, type IssuedLink } from "~/domain/negotiation/send-request.server";
import { attempt, load } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { readIntent } from "~/http/intents.server";
import { formatDateTime, translate, type MessageKey } from "~/i18n/messages";
import { useT } from "~/i18n/use-t";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "rfq.view");
  const detail = await load(ctx.locale, () => requestDetail(ctx, params.rfqId!));
  const comparison = detail.sealed || detail.request.status === "draft" ? null : compareQuotes(ctx, params.rfqId!);
  return {
    ...detail,
    comparison,
    allianceName: ctx.org.name,
    suppliers: listSuppliers(ctx).map((s) => ({ id: s.id, name: s.name })),
    requestId: newId(),
    defaultAnswerBy: addDays(shanghaiDate(ctx.clock.now()), 2),
  };
}

/** The links go back in the answer, once (only their hashes are kept), each with a ready-made message. */
function linksReply(
  request: Request,
  links: IssuedLink[],
  detail: { title: string; deadlineAt: number },
  alliance: string,
  locale: "zh-CN" | "en",
) {
  const origin = new URL(request.url).origin;
  return data({
    links: links.map((l) => {
      const url = `${origin}/quote/${l.token}`;
      return {
        supplierName: l.supplierName,
        url,
        text: translate(locale, "negotiation.shareText", {
          supplier: l.supplierName,
          alliance,
          title: detail.title,
          deadline: formatDateTime(locale, detail.deadlineAt),
          url,
        }),
      };
    }),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "rfq.view");
  const rfqId = params.rfqId!;
  const formData = await request.formData();
  const intent = readIntent(formData, ["send", "invite", "counter", "award"], ctx.locale);
  if (!intent.ok) return intent.reply;
  const detail = () => requestDetail(ctx, rfqId).request;
  switch (intent.value) {
    case "send": {
      const form = parseForm(formData, sendSchema, ctx.locale);
      if (!form.ok) return form.reply;
      const result = await attempt(ctx.locale, () => sendRequest(ctx, rfqId, form.data.supplierIds), formData);
      if (!result.ok) return result.reply;
      return linksReply(request, result.value.links, detail(), ctx.org.name, ctx.locale);
    }
    case "invite": {
      const form = parseForm(formData, inviteSchema, ctx.locale);
      if (!form.ok) return form.reply;
      const result = await attempt(ctx.locale, () => inviteSupplier(ctx, rfqId, form.data.supplierId), formData);
      if (!result.ok) return result.reply;
      return linksReply(request, [result.value], detail(), ctx.org.name, ctx.locale);
    }
    case "counter": {
      const form = parseForm(formData, counterSchema, ctx.locale);
      if (!form.ok) return form.reply;
      const result = await attempt(ctx.locale, () => askCounter(ctx, rfqId, form.data), formData);
      if (!result.ok) return result.reply;
      throw redirect(`/alliance/negotiations/${rfqId}`);
    }
    case "award": {
      const form = parseForm(formData, awardSchema, ctx.locale);
      if (!form.ok) return form.reply;
      const result = await attempt(ctx.locale, () => awardQuote(ctx, rfqId, form.data), formData);
      if (!result.ok) return result.reply;
      throw redirect(`/alliance/campaigns/${result.value.campaignId}`);
    }
  }
}

type Reply = ActionErrors & { links?: { supplierName: string; url: string; text: string }[] };

export default function NegotiationPage() {
  const { request, invitations, history, sealed, comparison, suppliers, requestId, defaultAnswerBy } =
    useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as Reply | undefined;
  const errors = reply?.links ? undefined : reply;
  const { t, money, dateTime } = useT();
  const invited = new Set(invitations.map((i) => i.supplierId));
  return (
    <>
      <BackLink to="/alliance/negotiations">{t("negotiation.title")}</BackLink>
      <h1 className="text-xl font-bold break-words">{request.title}</h1>
      <p className="text-sm text-stone-600 break-words">
        {[
          t(`negotiation.status.${request.status}`),
          request.category,
          request.spec,
          `${request.packSize}${request.baseUnit}/${request.packUnit}`,
          request.brands,
        ]
          .filter(Boolean)
          .join(" · ")}
      </p>
      <p className="text-sm">{t("negotiation.quote.deadline", { time: dateTime(request.deadlineAt) })}</p>
      <p className="text-sm text-stone-600">
        {t("negotiation.field.bands")}: {request.bands.join(" / ")}
      </p>
      <FormError errors={errors} />

      {reply?.links ? (
        <section className="flex flex-col gap-3 rounded-xl border border-brand-100 bg-brand-50 p-3" data-testid="links">
          <h2 className="font-semibold">{t("negotiation.links")}</h2>
          {reply.links.map((l) => (
            <ShareText key={l.url} label={l.supplierName} text={l.text} testId="share-text" />
          ))}
        </section>
      ) : null}

      {request.evidence ? <EvidenceExact evidence={request.evidence} /> : null}

      {request.status === "draft" ? (
        <Form method="post" className="flex flex-col gap-2 rounded-xl bg-white p-3 shadow-sm">
          <RequestId value={requestId} />
          <input type="hidden" name="intent" value="send" />
          <fieldset className="flex flex-col gap-1">
            <legend className="font-semibold">{t("negotiation.suppliers")}</legend>
            {errors?.fieldErrors?.supplierIds ? (
              <p className="text-sm text-red-700" role="alert">
                {errors.fieldErrors.supplierIds}
              </p>
            ) : null}
            {suppliers.map((s) => (
              <label key={s.id} className="flex min-h-11 items-center gap-2 break-words">
                <input type="checkbox" name="supplierIds" value={s.id} className="size-5 shrink-0" />
                {s.name}
              </label>
            ))}
          </fieldset>
          <SubmitButton>{t("negotiation.send")}</SubmitButton>
        </Form>
      ) : null}

      {invitations.length ? (
        <section className="flex flex-col gap-2">
          <h2 className="font-semibold">{t("negotiation.suppliers")}</h2>
          <ul className="flex flex-col gap-2">
            {invitations.map((inv) => (
              <li
                key={inv.id}
                className="flex flex-col gap-2 rounded-xl bg-white p-3 shadow-sm"
                data-testid="invitation"
              >
                <span className="flex items-start justify-between gap-2">
                  <span className="min-w-0 font-medium break-words">{inv.supplierName}</span>
                  <span className="shrink-0 text-xs text-stone-600">
                    {inv.versions.length
                      ? t("negotiation.answered", { n: inv.versions.length })
                      : t("negotiation.notAnswered")}
                  </span>
                </span>
                {request.status === "open" ? (
                  <Form method="post">
                    <RequestId value={requestId} />
                    <input type="hidden" name="intent" value="invite" />
                    <input type="hidden" name="supplierId" value={inv.supplierId} />
                    <button type="submit" className="min-h-11 text-sm text-brand-700 underline">
                      {t("negotiation.reissue")}
                    </button>
                    <span className="ml-2 text-xs text-stone-500">{t("negotiation.reissueNote")}</span>
                  </Form>
                ) : null}
                {inv.outcome === "declined" ? (
                  <ShareText
                    label={t("negotiation.status.awarded")}
                    text={t("negotiation.declineText", { supplier: inv.supplierName, title: request.title })}
                  />
                ) : null}
              </li>
            ))}
          </ul>
          {request.status === "open" && suppliers.some((s) => !invited.has(s.id)) ? (
            <Form method="post" className="flex flex-col gap-2 rounded-xl bg-white p-3 shadow-sm">
              <RequestId value={requestId} />
              <input type="hidden" name="intent" value="invite" />
              <label className="text-sm font-medium">
                {t("negotiation.inviteMore")}
                <select
                  name="supplierId"
                  className="mt-1 min-h-12 w-full rounded-lg border border-stone-300 bg-white px-3"
                >
                  {suppliers
                    .filter((s) => !invited.has(s.id))
                    .map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.name}
                      </option>
                    ))}
                </select>
              </label>
              <SubmitButton>{t("negotiation.inviteMore")}</SubmitButton>
            </Form>
          ) : null}
        </section>
      ) : null}

      {sealed && request.status === "open" ? (
        <p className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm" data-testid="sealed">
          {t("negotiation.sealedNote", { time: dateTime(request.deadlineAt) })}
        </p>
      ) : null}

      {comparison ? (
        <section className="flex flex-col gap-2" data-testid="comparison">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 className="font-semibold">{t("negotiation.compare")}</h2>
            <a
              href={`/alliance/negotiations/${request.id}/export.xlsx`}
              className="flex min-h-11 items-center text-sm text-brand-700 underline"
              download
            >
              {t("negotiation.export")}
            </a>
          </div>
          {comparison.offers.length === 0 ? (
            <p className="text-sm text-stone-500">{t("negotiation.compare.noQuotes")}</p>
          ) : null}
          {comparison.offers.map((o) => (
            <article
              key={o.quoteId}
              className="flex flex-col gap-2 rounded-xl bg-white p-3 shadow-sm"
              data-testid="offer"
            >
              <h3 className="font-medium break-words">
                {o.supplierName} <span className="text-xs text-stone-500">v{o.version.version}</span>
              </h3>
              <table className="w-full text-sm tabular-nums">
                <thead>
                  <tr className="text-left text-xs text-stone-500">
                    <th className="py-1 font-normal"></th>
                    <th className="py-1 font-normal">{t("negotiation.compare.price")}</th>
                    <th className="py-1 font-normal">{t("negotiation.compare.landed")}</th>
                  </tr>
                </thead>
                <tbody>
                  {o.landed.map((l, i) => (
                    <tr key={l.minPacks} className="border-t border-stone-100" data-testid="offer-band">
                      <td className="py-1">{t("negotiation.compare.band", { packs: l.minPacks })}</td>
                      <td className="py-1">
                        {money(l.priceFen)}
                        {l.fallbackPriceFen ? (
                          <span className="block text-xs text-stone-500">
                            {t("negotiation.compare.fallback", { price: money(l.fallbackPriceFen) })}
                          </span>
                        ) : null}
                      </td>
                      <td
                        className={`py-1 ${comparison.best[i] === l.landedFen ? "font-semibold text-emerald-700" : ""}`}
                      >
                        {money(l.landedFen)}
                        {comparison.best[i] === l.landedFen ? ` · ${t("negotiation.compare.best")}` : ""}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {o.version.alternative.length ? (
                <p className="text-xs text-stone-600">
                  {t("negotiation.compare.alt")}{" "}
                  {o.version.alternative.map((a) => `${a.minPacks}+ ${money(a.priceFen)}`).join(" / ")}
                </p>
              ) : null}
              <p className="text-xs break-words text-stone-600">
                {[
                  t("negotiation.compare.minimum", { packs: o.version.minimumPacks }),
                  t("negotiation.compare.lead", { days: o.version.leadTimeDays }),
                  t("negotiation.compare.valid", { date: o.version.validUntil }),
                  t("negotiation.compare.terms", { days: o.version.paymentTermsDays }),
                  t("negotiation.compare.delivery", { price: money(o.version.deliveryFen) }),
                ].join(" · ")}
              </p>
              <p className="flex flex-wrap gap-1 text-xs">
                {o.required.map((r) => (
                  <span
                    key={r.kind}
                    className={`rounded px-2 py-0.5 ${r.state === "valid" || r.state === "undated" ? "bg-emerald-100" : r.state === "expiring" ? "bg-amber-100" : "bg-red-100"}`}
                  >
                    {t(`alliance.cert.kind.${r.kind}` as MessageKey)}:{" "}
                    {r.state === "missing" ? t("negotiation.cert.missing") : t(`alliance.cert.state.${r.state}`)}
                  </span>
                ))}
              </p>
              <p className="text-xs text-stone-600">{t("negotiation.compare.record", o.record)}</p>
              {o.history
                .filter((h) => h.changes.length)
                .map((h) => (
                  <p key={h.version} className="text-xs text-stone-600" data-testid="changes">
                    v{h.version} {t("negotiation.changes")}{" "}
                    {h.changes
                      .map((c) =>
                        c.field.startsWith("band:")
                          ? `${c.field.slice(5)}: ${money(Number(c.from))} → ${money(Number(c.to))}`
                          : `${c.field}: ${c.from} → ${c.to}`,
                      )
                      .join("; ")}
                  </p>
                ))}
              {request.status === "open" ? (
                <Form method="post">
                  <RequestId value={requestId} />
                  <input type="hidden" name="intent" value="award" />
                  <input type="hidden" name="quoteId" value={o.quoteId} />
                  <SubmitButton>{t("negotiation.award")}</SubmitButton>
                </Form>
              ) : null}
            </article>
          ))}
          {request.status === "open" && comparison.offers.length ? (
            <Form
              method="post"
              className="flex flex-col gap-2 rounded-xl bg-white p-3 shadow-sm"
              data-testid="counter-form"
            >
              <h3 className="font-semibold">{t("negotiation.counter")}</h3>
              <RequestId value={requestId} />
              <input type="hidden" name="intent" value="counter" />
              {comparison.offers.map((o) => (
                <label key={o.invitationId} className="flex min-h-11 items-center gap-2 break-words">
                  <input type="checkbox" name="invitationIds" value={o.invitationId} className="size-5 shrink-0" />
                  {o.supplierName}
                </label>
              ))}
              <Field label={t("negotiation.counter.message")} name="message" errors={errors} required />
              <Field
                label={t("negotiation.counter.answerBy")}
                name="answerByDate"
                type="date"
                defaultValue={defaultAnswerBy}
                errors={errors}
                required
              />
              <SubmitButton>{t("negotiation.counter.send")}</SubmitButton>
            </Form>
          ) : null}
        </section>
      ) : null}

      {request.campaignId ? (
        <Link
          to={`/alliance/campaigns/${request.campaignId}`}
          className="flex min-h-11 items-center font-medium text-brand-700 underline"
        >
          {t("negotiation.openCampaign")}
        </Link>
      ) : null}

      {history.length ? (
        <section className="flex flex-col gap-1">
          <h2 className="font-semibold">{t("negotiation.history")}</h2>
          <ol className="flex flex-col gap-1 text-sm" data-testid="history">
            {history.map((h, i) => (
              <li key={i} className="break-words">
                <span className="text-xs text-stone-500">{dateTime(h.at)}</span>{" "}
                {h.kind === "sent"
                  ? t("negotiation.history.sent")
                  : h.kind === "version"
                    ? t("negotiation.history.version", { supplier: h.supplier ?? "", n: h.n ?? 0 })
                    : h.kind === "round"
                      ? t("negotiation.history.round", { n: h.n ?? 0, message: h.message ?? "" })
                      : t("negotiation.history.award", { supplier: h.supplier ?? "" })}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </>
  );
}
