import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { Field, FormError, type ActionErrors } from "~/components/forms";
import { BackLink } from "~/components/page-top";
import { requestLink, requestLinkSchema } from "~/domain/distribution/request-link.server";
import { findDistributors } from "~/domain/distribution/store-suppliers.server";
import { attempt } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { useT } from "~/i18n/use-t";
import "~/i18n/audiences/store-office";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "link.request");
  return findDistributors(ctx);
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "link.request");
  const formData = await request.formData();
  const form = parseForm(formData, requestLinkSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const result = await attempt(ctx.locale, () => requestLink(ctx, form.data), formData);
  if (!result.ok) return result.reply;
  return { requested: result.value.id };
}

const STATUS_STYLE = {
  requested: "bg-amber-100 text-amber-900",
  active: "bg-brand-100 text-brand-800",
  rejected: "bg-red-100 text-red-800",
  ended: "bg-stone-200 text-stone-700",
} as const;

/** The store's suppliers: the county's distributors, asked or not, and the terms once accepted. */
export default function Suppliers() {
  const { countyKnown, distributors } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as ActionErrors | undefined;
  const { t, money, dateTime } = useT();
  return (
    <div className="flex flex-col gap-3">
      <BackLink to="/store">{t("nav.home")}</BackLink>
      <h1 className="text-xl font-bold">{t("suppliers.title")}</h1>
      <p className="text-sm text-stone-600">{t("suppliers.hint")}</p>
      {!countyKnown ? <p className="rounded-xl bg-white p-3 shadow-sm">{t("suppliers.noCounty")}</p> : null}
      {countyKnown && distributors.length === 0 ? (
        <p className="rounded-xl bg-white p-3 shadow-sm">{t("suppliers.empty")}</p>
      ) : null}
      <ul className="flex flex-col gap-3">
        {distributors.map((d) => {
          const errors = answer?.values?.distributorOrgId === d.id ? answer : undefined;
          const canAsk = !d.link || d.link.status === "rejected" || d.link.status === "ended";
          return (
            <li key={d.id} className="flex flex-col gap-2 rounded-xl bg-white p-3 shadow-sm" data-distributor={d.id}>
              <div className="flex items-start justify-between gap-2">
                <div className="min-w-0">
                  <p className="font-semibold break-words">{d.name}</p>
                  <p className="text-sm text-stone-600">{[d.county, d.township].filter(Boolean).join(" ")}</p>
                  {d.contactPhone ? (
                    <a
                      href={`tel:${d.contactPhone}`}
                      className="inline-flex min-h-11 items-center text-sm text-brand-700 underline"
                    >
                      {d.contactPhone}
                    </a>
                  ) : null}
                </div>
                {d.link ? (
                  <span className={`shrink-0 rounded-full px-2 py-0.5 text-xs ${STATUS_STYLE[d.link.status]}`}>
                    {t(`link.status.${d.link.status}`)}
                  </span>
                ) : null}
              </div>
              {d.link?.status === "requested" ? (
                <p className="text-sm text-stone-600">{t("suppliers.requested")}</p>
              ) : null}
              {d.link?.status === "rejected" && d.link.note ? (
                <p className="text-sm break-words text-red-800">
                  {t("suppliers.rejectedReason", { reason: d.link.note })}
                </p>
              ) : null}
              {d.link?.status === "active" ? (
                <div className="flex flex-col gap-0.5 text-sm">
                  <p>
                    {d.link.paymentTerms === "account"
                      ? t("link.termsSummary", { terms: t("link.terms.account"), limit: money(d.link.creditLimitFen) })
                      : t("link.terms.cod")}
                  </p>
                  {d.route ? <p>{t("suppliers.route", { name: d.route.name })}</p> : null}
                  {d.route?.next ? (
                    <p className="font-medium text-brand-800">
                      {t("suppliers.next", {
                        date: d.route.next.deliveryDate,
                        cutoff: dateTime(d.route.next.cutoffAt),
                      })}
                    </p>
                  ) : null}
                </div>
              ) : null}
              {canAsk ? (
                <Form method="post" className="flex flex-col gap-2" noValidate>
                  <input type="hidden" name="distributorOrgId" value={d.id} />
                  <FormError errors={errors} />
                  <Field
                    id={`note-${d.id}`}
                    label={t("suppliers.requestNote")}
                    name="note"
                    maxLength={200}
                    optional
                    placeholder={t("suppliers.requestNotePlaceholder")}
                    errors={errors}
                  />
                  <button type="submit" className="min-h-12 rounded-lg bg-brand-700 px-4 font-semibold text-white">
                    {d.link ? t("suppliers.requestAgain") : t("suppliers.request")}
                  </button>
                </Form>
              ) : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
