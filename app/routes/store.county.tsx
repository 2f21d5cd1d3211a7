import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { consentStatus, giveConsent, withdrawConsent } from "~/domain/county/consent.server";
import { appDisclosureRules } from "~/domain/county/rules.server";
import { attempt } from "~/http/errors.server";
import { readIntent } from "~/http/intents.server";
import { useT } from "~/i18n/use-t";
import "~/i18n/audiences/county";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "consent.view");
  return { ...consentStatus(ctx), minStores: appDisclosureRules().minStores };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "consent.view");
  const formData = await request.formData();
  const intent = readIntent(formData, ["give", "withdraw"], ctx.locale);
  if (!intent.ok) return intent.reply;
  const result = await attempt(
    ctx.locale,
    () => (intent.value === "give" ? giveConsent(ctx) : withdrawConsent(ctx)),
    formData,
  );
  if (!result.ok) return result.reply;
  throw redirect("/store/county");
}

/** The owner's consent to share aggregates with the county bureau, and what it has been used for. */
export default function StoreCounty() {
  const s = useLoaderData<typeof loader>();
  const { t, dateTime } = useT();
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-xl font-bold">{t("county.consent.title")}</h1>
      <p className="text-sm text-stone-700">{t("county.consent.intro", { min: s.minStores })}</p>
      <p className="font-medium" data-testid="consent-state">
        {s.consenting && s.givenAt !== null
          ? t("county.consent.since", { date: dateTime(s.givenAt), month: s.fromMonth ?? "" })
          : t("county.consent.notYet")}
      </p>
      <Form method="post">
        <button
          type="submit"
          name="intent"
          value={s.consenting ? "withdraw" : "give"}
          className={`min-h-12 w-full rounded-lg px-4 font-semibold ${
            s.consenting ? "border border-stone-400 text-stone-700" : "bg-brand-700 text-white"
          }`}
        >
          {s.consenting ? t("county.consent.withdraw") : t("county.consent.give")}
        </button>
      </Form>
      <section className="flex flex-col gap-2 rounded-xl bg-white p-3 shadow-sm">
        <h2 className="font-semibold">{t("county.consent.included")}</h2>
        {s.publishedWithMyData.length ? (
          <p className="text-sm tabular-nums" data-testid="included">
            {s.publishedWithMyData.join("、")}
          </p>
        ) : (
          <p className="text-sm text-stone-600">{t("county.consent.includedNone")}</p>
        )}
      </section>
      {s.history.length ? (
        <section className="flex flex-col gap-2 rounded-xl bg-white p-3 shadow-sm">
          <h2 className="font-semibold">{t("county.consent.history")}</h2>
          <ul className="text-sm text-stone-700">
            {s.history.map((h) => (
              <li key={h.givenAt}>
                {t("county.consent.period", {
                  given: dateTime(h.givenAt),
                  until:
                    h.withdrawnAt === null
                      ? t("county.consent.open")
                      : t("county.consent.withdrawnAt", { date: dateTime(h.withdrawnAt) }),
                })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
