import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireUserContext } from "~/auth/guard.server";
import { Field, FormError, SubmitButton, type ActionErrors } from "~/components/forms";
import { BackLink } from "~/components/page-top";
import { createStore, createStoreSchema, suggestedPlace, switchOrg } from "~/domain/identity/organisations.server";
import { attempt } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { useT } from "~/i18n/use-t";
import "~/i18n/audiences/auth";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUserContext(request);
  return { place: suggestedPlace(ctx) };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireUserContext(request);
  const formData = await request.formData();
  const form = parseForm(formData, createStoreSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const result = await attempt(ctx.locale, () => createStore(ctx, form.data), formData);
  if (!result.ok) return result.reply;
  switchOrg(ctx, ctx.sessionId, result.value.orgId);
  throw redirect("/store");
}

export default function NewStore() {
  const { place } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  const { t } = useT();
  return (
    <main className="mx-auto flex max-w-md flex-col gap-3 p-4">
      <BackLink to="/orgs">{t("org.switch.title")}</BackLink>
      <h1 className="text-xl font-bold">{t("org.newStore.title")}</h1>
      <Form method="post" className="flex flex-col gap-3" noValidate>
        <FormError errors={errors} />
        <Field
          label={t("auth.signup.storeName")}
          name="name"
          hint={t("auth.signup.storeNameHint")}
          maxLength={40}
          errors={errors}
        />
        <div className="grid grid-cols-2 gap-3">
          <Field label={t("org.place.province")} name="province" defaultValue={place?.province ?? ""} errors={errors} />
          <Field label={t("org.place.city")} name="city" defaultValue={place?.city ?? ""} errors={errors} />
          <Field label={t("org.place.county")} name="county" defaultValue={place?.county ?? ""} errors={errors} />
          <Field label={t("org.place.township")} name="township" defaultValue={place?.township ?? ""} errors={errors} />
        </div>
        {/* Full width: its hint would otherwise push one column of the grid out of line. */}
        <Field
          label={t("org.place.countyCode")}
          name="countyCode"
          inputMode="numeric"
          maxLength={6}
          defaultValue={place?.countyCode ?? ""}
          hint={t("org.place.countyCodeHint")}
          errors={errors}
        />
        <Field label={t("org.place.village")} name="village" errors={errors} />
        <Field label={t("org.place.address")} name="address" optional errors={errors} />
        <SubmitButton>{t("org.create")}</SubmitButton>
      </Form>
    </main>
  );
}
