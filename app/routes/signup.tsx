import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { sessionCookie } from "~/auth/cookies.server";
import { getOptionalUser, publicContext } from "~/auth/guard.server";
import { Field, FormError, SubmitButton, type ActionErrors } from "~/components/forms";
import { signUp, signUpSchema } from "~/domain/identity/sign-up.server";
import { attempt } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { useT } from "~/i18n/use-t";
import "~/i18n/audiences/auth";

export const meta: MetaFunction = () => [{ title: "注册 · 村链" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getOptionalUser(request)) throw redirect("/");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, clock, locale } = await publicContext(request);
  const formData = await request.formData();
  const form = parseForm(formData, signUpSchema, locale);
  if (!form.ok) return form.reply;
  const result = await attempt(
    locale,
    () => signUp(db, clock, form.data, { locale, userAgent: request.headers.get("User-Agent") }),
    formData,
  );
  if (!result.ok) return result.reply;
  // A new account has no store yet: the chooser offers to open one.
  throw redirect("/orgs", { headers: { "Set-Cookie": await sessionCookie.serialize(result.value.token) } });
}

export default function SignUp() {
  const errors = useActionData<typeof action>() as ActionErrors;
  const { t } = useT();
  return (
    <main className="mx-auto flex max-w-sm flex-col gap-4 p-4">
      <h1 className="text-2xl font-bold">{t("auth.signup.title")}</h1>
      <Form method="post" className="flex flex-col gap-4" noValidate>
        <FormError errors={errors} />
        <Field label={t("auth.name")} name="name" autoComplete="name" maxLength={30} errors={errors} />
        <Field label={t("auth.phone")} name="phone" type="tel" inputMode="numeric" autoComplete="tel" errors={errors} />
        <Field label={t("auth.password")} name="password" type="password" autoComplete="new-password" errors={errors} />
        <SubmitButton>{t("auth.signup.submit")}</SubmitButton>
      </Form>
      <Link
        to="/login"
        className="flex min-h-12 items-center justify-center gap-1 rounded-lg border border-brand-700 bg-white px-4 text-brand-700"
      >
        <span className="text-stone-600">{t("auth.signup.haveAccount")}</span>
        <span className="font-semibold">{t("auth.login.title")}</span>
      </Link>
    </main>
  );
}
