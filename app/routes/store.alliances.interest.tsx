import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { RequestId } from "~/components/alliance/hidden";
import { Field, FormError, Notice, Select, SubmitButton, type ActionErrors } from "~/components/forms";
import { alliancesForStore } from "~/domain/alliances/memberships.server";
import { newId } from "~/domain/ids.server";
import { interestSchema } from "~/domain/negotiation/fields.server";
import { interestOfStore, registerInterest } from "~/domain/negotiation/interest.server";
import { attempt } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { useT } from "~/i18n/use-t";
import "~/i18n/audiences/store-alliance";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "interest.register");
  return {
    alliances: alliancesForStore(ctx)
      .filter((a) => a.status === "active")
      .map((a) => ({ id: a.id, name: a.name })),
    mine: interestOfStore(ctx),
    requestId: newId(),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "interest.register");
  const formData = await request.formData();
  const form = parseForm(formData, interestSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const result = await attempt(ctx.locale, () => registerInterest(ctx, form.data), formData);
  if (!result.ok) return result.reply;
  throw redirect("/store/alliances/interest?saved=1");
}

export default function Interest() {
  const { alliances, mine, requestId } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  const [params] = useSearchParams();
  const { t } = useT();
  return (
    <div className="flex flex-col gap-3">
      <Link to="/store/alliances" className="flex min-h-11 items-center text-sm text-brand-700 underline">
        ← {t("alliance.nav.home")}
      </Link>
      <h1 className="text-xl font-bold">{t("negotiation.interest.title")}</h1>
      <p className="text-sm text-stone-600">{t("negotiation.interest.intro")}</p>
      {params.get("saved") ? <Notice>{t("negotiation.interest.saved")}</Notice> : null}
      {alliances.length ? (
        <Form method="post" className="flex flex-col gap-3 rounded-xl bg-white p-3 shadow-sm" key={requestId}>
          <RequestId value={requestId} />
          <FormError errors={errors} />
          <Select
            label={t("negotiation.interest.alliance")}
            name="allianceOrgId"
            errors={errors}
            options={alliances.map((a) => ({ value: a.id, label: a.name }))}
          />
          <Field label={t("negotiation.interest.product")} name="product" errors={errors} required />
          <Field
            label={t("negotiation.interest.barcode")}
            name="barcode"
            inputMode="numeric"
            errors={errors}
            optional
          />
          <Field
            label={t("negotiation.interest.packs")}
            name="packsPerMonth"
            inputMode="numeric"
            errors={errors}
            required
          />
          <Field label={t("negotiation.interest.note")} name="note" errors={errors} optional />
          <SubmitButton>{t("negotiation.interest.submit")}</SubmitButton>
        </Form>
      ) : (
        <p className="text-stone-500">{t("negotiation.interest.noAlliance")}</p>
      )}
      {mine.length ? (
        <section className="flex flex-col gap-1">
          <h2 className="font-semibold">{t("negotiation.interest.mine")}</h2>
          <ul className="flex flex-col gap-1 text-sm">
            {mine.map((i) => (
              <li key={i.id} className="rounded-lg bg-white p-2 break-words shadow-sm" data-testid="my-interest">
                {t("negotiation.interest.line", { store: i.allianceName, product: i.product, packs: i.packsPerMonth })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
