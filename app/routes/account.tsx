import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { requireUserContext } from "~/auth/guard.server";
import { countSessions } from "~/domain/identity/sessions.server";
import { useT } from "~/i18n/use-t";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireUserContext(request);
  return { name: ctx.actor.name, phone: ctx.actor.phone, sessions: countSessions(ctx.db, ctx.actor.id) };
}

export default function Account() {
  const { name, phone, sessions } = useLoaderData<typeof loader>();
  const { t } = useT();
  return (
    <main className="mx-auto flex max-w-md flex-col gap-4 p-4">
      <h1 className="text-xl font-bold">{t("account.title")}</h1>
      <p className="rounded-xl bg-white p-4">
        <span className="block font-semibold">{name}</span>
        <span className="text-stone-600">{phone}</span>
      </p>
      <Form method="post" action="/logout">
        <button type="submit" className="min-h-12 w-full rounded-lg border border-stone-300 bg-white">
          {t("auth.logout")}
        </button>
      </Form>
      <Form method="post" action="/logout" className="flex flex-col gap-2">
        <input type="hidden" name="everywhere" value="1" />
        <p className="text-sm text-stone-600">
          {t("auth.logoutAllHint")} {t("auth.sessions", { count: sessions })}
        </p>
        <button type="submit" className="min-h-12 w-full rounded-lg border border-red-300 bg-white text-red-700">
          {t("auth.logoutAll")}
        </button>
      </Form>
    </main>
  );
}
