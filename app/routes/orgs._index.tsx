import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUserContext, shellData } from "~/auth/guard.server";
import { homePathForKind } from "~/auth/home.server";
import { switchOrg } from "~/domain/identity/organisations.server";
import { load } from "~/http/errors.server";
import { useT } from "~/i18n/use-t";
import "~/i18n/audiences/auth";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserContext(request);
  const { orgs, activeOrgId } = await shellData(request);
  return { orgs, activeOrgId };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireUserContext(request);
  const orgId = String((await request.formData()).get("orgId") ?? "");
  const membership = await load(ctx.locale, () => switchOrg(ctx, ctx.sessionId, orgId));
  throw redirect(homePathForKind(membership.kind));
}

export default function Orgs() {
  const { orgs, activeOrgId } = useLoaderData<typeof loader>();
  const { t } = useT();
  return (
    <main className="mx-auto flex max-w-md flex-col gap-4 p-4">
      <h1 className="text-xl font-bold">{t("org.switch.title")}</h1>
      {orgs.length === 0 ? <p className="text-stone-600">{t("org.none")}</p> : null}
      <ul className="flex flex-col gap-2">
        {orgs.map((org) => (
          <li key={org.orgId}>
            <Form method="post">
              <input type="hidden" name="orgId" value={org.orgId} />
              <button
                type="submit"
                className={`flex min-h-16 w-full items-center justify-between gap-3 rounded-xl border bg-white p-3 text-left ${
                  org.orgId === activeOrgId ? "border-brand-600 ring-2 ring-brand-600" : "border-stone-200"
                }`}
              >
                <span className="min-w-0">
                  <span className="block truncate font-semibold">{org.name}</span>
                  <span className="text-sm text-stone-500">
                    {t(`org.kind.${org.kind}`)} · {t(`role.${org.role}`)}
                    {org.village ? ` · ${org.village}` : ""}
                  </span>
                </span>
                <span className="shrink-0 text-sm text-brand-700">
                  {org.orgId === activeOrgId ? t("org.switch.current") : t("org.switch.use")} →
                </span>
              </button>
            </Form>
          </li>
        ))}
      </ul>
      <Link
        to="/orgs/new-store"
        className={`flex min-h-12 items-center justify-center rounded-lg border border-brand-700 ${
          orgs.length === 0 ? "bg-brand-700 font-semibold text-white" : "text-brand-700"
        }`}
      >
        + {orgs.length === 0 ? t("org.firstStore") : t("org.newStore")}
      </Link>
      <Link to="/account" className="flex min-h-11 items-center justify-center text-sm text-stone-600 underline">
        {t("account.title")}
      </Link>
    </main>
  );
}
