import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUserContext } from "~/auth/guard.server";
import { BackLink } from "~/components/page-top";
import { countSessions } from "~/domain/identity/sessions.server";
import { useT } from "~/i18n/use-t";
import "~/i18n/audiences/auth";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUserContext(request);
  return { name: ctx.actor.name, phone: ctx.actor.phone, sessions: countSessions(ctx.db, ctx.clock, ctx.actor.id) };
}

/** Outside the store's tab bar (an account is the person's, not the store's), so it links back. */
export default function Account() {
  const { name, phone, sessions } = useLoaderData<typeof loader>();
  const { t } = useT();
  return (
    <main className="mx-auto flex max-w-md flex-col gap-3 p-4">
      <BackLink to="/">{t("error.goHome")}</BackLink>
      <h1 className="text-xl font-bold">{t("account.title")}</h1>
      <p className="rounded-xl bg-white p-4">
        <span className="block font-semibold">{name}</span>
        <span className="block text-stone-600">{phone}</span>
        <span className="block text-sm text-stone-500">{t("auth.sessions", { count: sessions })}</span>
      </p>
      <Link
        to="/orgs"
        className="flex min-h-12 items-center justify-between rounded-lg border border-stone-300 bg-white px-4"
      >
        {t("org.switch.title")}
        <span aria-hidden>→</span>
      </Link>
      <Form method="post" action="/logout">
        <button type="submit" className="min-h-12 w-full rounded-lg border border-stone-300 bg-white">
          {t("auth.logout")}
        </button>
      </Form>
      <Form method="post" action="/logout" className="mt-4 flex flex-col gap-2">
        <input type="hidden" name="everywhere" value="1" />
        <p className="text-sm text-stone-600">{t("auth.logoutAllHint")}</p>
        <button type="submit" className="min-h-12 w-full rounded-lg border border-red-300 bg-white text-red-700">
          {t("auth.logoutAll")}
        </button>
      </Form>
    </main>
  );
}
