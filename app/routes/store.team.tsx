import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { Field, FormError, Notice, SubmitButton, type ActionErrors } from "~/components/forms";
import { addClerk, addClerkSchema, listTeam } from "~/domain/identity/organisations.server";
import { attempt } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { translate } from "~/i18n/messages";
import { useT } from "~/i18n/use-t";
import "~/i18n/audiences/auth";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "team.view");
  return { team: listTeam(ctx) };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "org.addClerk");
  const formData = await request.formData();
  const form = parseForm(formData, addClerkSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const result = await attempt(ctx.locale, () => addClerk(ctx, form.data), formData);
  if (!result.ok) return result.reply;
  return { added: translate(ctx.locale, "team.added", { name: result.value.name }) };
}

export default function Team() {
  const { team } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as (ActionErrors & { added?: string }) | undefined;
  const { t } = useT();
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-xl font-bold">{t("team.title")}</h1>
      <ul className="divide-y divide-stone-200 rounded-xl bg-white shadow-sm">
        {team.map((m) => (
          <li key={m.userId} className="flex justify-between px-3 py-3">
            <span>
              <span className="block font-medium">{m.name}</span>
              <span className="text-sm text-stone-500">{m.phone}</span>
            </span>
            <span className="text-sm text-stone-600">{t(`role.${m.role}`)}</span>
          </li>
        ))}
      </ul>
      <Form method="post" className="flex flex-col gap-3 rounded-xl bg-white p-4 shadow-sm" noValidate>
        <h2 className="font-semibold">{t("team.add")}</h2>
        <p className="text-sm text-stone-600">{t("team.addHint")}</p>
        {result?.added ? <Notice>{result.added}</Notice> : null}
        <FormError errors={result} />
        <Field label={t("auth.phone")} name="phone" type="tel" inputMode="numeric" errors={result} />
        <SubmitButton>{t("team.add")}</SubmitButton>
      </Form>
    </div>
  );
}
