import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { TermsFields } from "~/components/distribution/terms-fields";
import { Field, FormError, Notice, SubmitButton, type ActionErrors } from "~/components/forms";
import { acceptLink, rejectLink } from "~/domain/distribution/decide-link.server";
import { listStoreLinks } from "~/domain/distribution/list-store-links.server";
import { listPriceLists } from "~/domain/distribution/price-lists.server";
import { listRoutes } from "~/domain/distribution/save-route.server";
import { storesPageSchemas } from "~/domain/distribution/stores-form.server";
import { updateLinkTerms } from "~/domain/distribution/update-link-terms.server";
import { newId } from "~/domain/ids.server";
import { attempt } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { readIntent } from "~/http/intents.server";
import { translate, type MessageKey } from "~/i18n/messages";
import { useT } from "~/i18n/use-t";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "link.view");
  return {
    ...listStoreLinks(ctx),
    routes: listRoutes(ctx).filter((r) => r.active),
    priceLists: listPriceLists(ctx),
    requestId: newId(),
  };
}

const DONE: Record<string, MessageKey> = {
  accept: "stores.accepted",
  reject: "stores.rejected",
  terms: "stores.termsSaved",
};

const INTENTS = ["accept", "reject", "terms"] as const;

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "link.view");
  const formData = await request.formData();
  const read = readIntent(formData, INTENTS, ctx.locale);
  if (!read.ok) return read.reply;
  const intent = read.value;
  let run: () => unknown;
  if (intent === "accept") {
    const form = parseForm(formData, storesPageSchemas.accept, ctx.locale);
    if (!form.ok) return form.reply;
    run = () => acceptLink(ctx, form.data.linkId, form.data);
  } else if (intent === "reject") {
    const form = parseForm(formData, storesPageSchemas.reject, ctx.locale);
    if (!form.ok) return form.reply;
    run = () => rejectLink(ctx, form.data.linkId, form.data);
  } else {
    const form = parseForm(formData, storesPageSchemas.terms, ctx.locale);
    if (!form.ok) return form.reply;
    run = () => updateLinkTerms(ctx, form.data.linkId, form.data);
  }
  const result = await attempt(ctx.locale, run, formData);
  if (!result.ok) return result.reply;
  return { done: translate(ctx.locale, DONE[intent]) };
}

export default function Stores() {
  const { requests, active, closed, routes, priceLists, requestId } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as (ActionErrors & { done?: string }) | undefined;
  const { t, money, dateTime } = useT();
  // A 400 or 409 belongs to the form it came from: the link and intent it posted.
  const errorsFor = (linkId: string, intent: string) =>
    answer?.values?.linkId === linkId && answer.values.intent === intent ? answer : undefined;
  // No form of this page posted it (no link, or an intent none of them has): shown at the top.
  const stray = !answer?.values?.linkId || !INTENTS.includes(answer.values.intent as (typeof INTENTS)[number]);
  return (
    <>
      <h1 className="text-xl font-bold">{t("stores.title")}</h1>
      {answer?.done ? <Notice>{answer.done}</Notice> : null}
      {answer?.formError && stray ? <FormError errors={answer} /> : null}

      <section className="flex flex-col gap-3" aria-labelledby="requests-h">
        <h2 id="requests-h" className="font-semibold">
          {t("stores.requests")}
        </h2>
        {requests.length === 0 ? <p className="text-sm text-stone-500">{t("stores.noRequests")}</p> : null}
        {requests.length > 0 && routes.length === 0 ? (
          <p className="text-sm text-amber-800">{t("stores.needRoute")}</p>
        ) : null}
        {requests.map((link) => (
          <article key={link.id} className="flex flex-col gap-3 rounded-xl bg-white p-3 shadow-sm" data-link={link.id}>
            <div>
              <p className="font-semibold break-words">{link.storeName}</p>
              <p className="text-sm text-stone-600">
                {[link.township, link.village].filter(Boolean).join(" ")} ·{" "}
                {t("stores.requestedAt", { time: dateTime(link.requestedAt) })}
              </p>
              {link.note ? <p className="text-sm break-words">{t("stores.note", { note: link.note })}</p> : null}
            </div>
            {routes.length ? (
              <Form method="post" className="flex flex-col gap-3" noValidate>
                <input type="hidden" name="intent" value="accept" />
                <input type="hidden" name="linkId" value={link.id} />
                <input type="hidden" name="requestId" value={requestId} />
                <FormError errors={errorsFor(link.id, "accept")} />
                <TermsFields
                  idPrefix={`accept-${link.id}`}
                  values={{ priceListId: null, routeId: null, stopSeq: 0, paymentTerms: "cod", creditLimitFen: 0 }}
                  routes={routes}
                  priceLists={priceLists}
                  errors={errorsFor(link.id, "accept")}
                />
                <div className="sm:max-w-xs">
                  <SubmitButton>{t("stores.accept")}</SubmitButton>
                </div>
              </Form>
            ) : null}
            <details className="rounded-lg bg-stone-50 p-2" open={!!errorsFor(link.id, "reject")}>
              <summary className="flex min-h-11 cursor-pointer items-center text-sm text-red-800">
                {t("stores.reject")}
              </summary>
              <Form method="post" className="flex flex-col gap-2 sm:flex-row sm:items-end" noValidate>
                <input type="hidden" name="intent" value="reject" />
                <input type="hidden" name="linkId" value={link.id} />
                <input type="hidden" name="requestId" value={requestId} />
                <Field
                  id={`reason-${link.id}`}
                  label={t("stores.rejectReason")}
                  name="reason"
                  maxLength={200}
                  placeholder={t("stores.rejectReasonPlaceholder")}
                  errors={errorsFor(link.id, "reject")}
                  className="flex-1"
                />
                <button type="submit" className="min-h-12 rounded-lg bg-red-700 px-4 font-semibold text-white">
                  {t("stores.reject")}
                </button>
              </Form>
            </details>
          </article>
        ))}
      </section>

      <section className="flex flex-col gap-3" aria-labelledby="active-h">
        <h2 id="active-h" className="font-semibold">
          {t("stores.active")}
        </h2>
        {active.length === 0 ? <p className="text-sm text-stone-500">{t("stores.noActive")}</p> : null}
        <ul className="flex flex-col divide-y divide-stone-200 overflow-hidden rounded-xl bg-white shadow-sm">
          {active.map((link) => {
            const errors = errorsFor(link.id, "terms");
            return (
              <li key={link.id} className="flex flex-col gap-2 px-3 py-2" data-link={link.id}>
                <div className="flex flex-wrap items-baseline justify-between gap-x-4">
                  <p className="font-medium break-words">{link.storeName}</p>
                  <p className="text-sm text-stone-600">
                    {link.routeName} · {t("link.stop", { stop: link.stopSeq })} ·{" "}
                    {link.priceListName ?? t("priceLists.default")} ·{" "}
                    {link.paymentTerms === "account"
                      ? t("link.termsSummary", { terms: t("link.terms.account"), limit: money(link.creditLimitFen) })
                      : t("link.terms.cod")}
                  </p>
                </div>
                <details open={!!errors}>
                  <summary className="flex min-h-11 cursor-pointer items-center text-sm text-brand-700">
                    {t("stores.editTerms")}
                  </summary>
                  <Form method="post" className="flex flex-col gap-3 pt-2" noValidate>
                    <input type="hidden" name="intent" value="terms" />
                    <input type="hidden" name="linkId" value={link.id} />
                    <FormError errors={errors} />
                    <TermsFields
                      idPrefix={`terms-${link.id}`}
                      values={link}
                      routes={routes}
                      priceLists={priceLists}
                      errors={errors}
                    />
                    <div className="sm:max-w-xs">
                      <SubmitButton>{t("stores.saveTerms")}</SubmitButton>
                    </div>
                  </Form>
                </details>
              </li>
            );
          })}
        </ul>
      </section>

      {closed.length ? (
        <section className="flex flex-col gap-2" aria-labelledby="closed-h">
          <h2 id="closed-h" className="font-semibold">
            {t("stores.closed")}
          </h2>
          <ul className="flex flex-col gap-1 text-sm text-stone-600">
            {closed.map((link) => (
              <li key={link.id} className="break-words">
                {link.storeName} · {t(`link.status.${link.status}`)}
                {link.note ? ` · ${link.note}` : ""}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
