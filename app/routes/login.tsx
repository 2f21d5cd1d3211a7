import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { sessionCookie } from "~/auth/cookies.server";
import { getOptionalUser, publicContext } from "~/auth/guard.server";
import { safeRedirect } from "~/auth/home.server";
import { Field, FormError, SubmitButton, type ActionErrors } from "~/components/forms";
import { logIn, logInSchema } from "~/domain/identity/log-in.server";
import { attempt } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { useT } from "~/i18n/use-t";
import "~/i18n/audiences/auth";

export const meta: MetaFunction = () => [{ title: "登录 · 村链" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getOptionalUser(request)) throw redirect("/");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { db, clock, locale } = await publicContext(request);
  const formData = await request.formData();
  const form = parseForm(formData, logInSchema, locale);
  if (!form.ok) return form.reply;
  const result = await attempt(
    locale,
    () => logIn(db, clock, form.data, { ip: context.ip, userAgent: request.headers.get("User-Agent") }),
    formData,
  );
  if (!result.ok) return result.reply;
  throw redirect(safeRedirect(formData.get("redirectTo")), {
    headers: { "Set-Cookie": await sessionCookie.serialize(result.value.token) },
  });
}

export default function Login() {
  const errors = useActionData<typeof action>() as ActionErrors;
  const [params] = useSearchParams();
  const { t } = useT();
  return (
    <main className="mx-auto flex max-w-sm flex-col gap-4 p-4">
      <h1 className="text-2xl font-bold">{t("auth.login.title")}</h1>
      <Form method="post" className="flex flex-col gap-4" noValidate>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
        <FormError errors={errors} />
        <Field
          label={t("auth.phone")}
          name="phone"
          type="tel"
          inputMode="numeric"
          autoComplete="tel"
          errors={errors}
          autoFocus
        />
        <Field
          label={t("auth.password")}
          name="password"
          type="password"
          autoComplete="current-password"
          errors={errors}
        />
        <SubmitButton>{t("auth.login.submit")}</SubmitButton>
      </Form>
      <Link
        to="/signup"
        className="flex min-h-12 items-center justify-center gap-1 rounded-lg border border-brand-700 bg-white px-4 text-brand-700"
      >
        <span className="text-stone-600">{t("auth.login.noAccount")}</span>
        <span className="font-semibold">{t("auth.signup.title")}</span>
      </Link>
      <p className="rounded-lg bg-white p-3 text-sm text-stone-600">{t("auth.demoHint")}</p>
    </main>
  );
}
