import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { ROLES } from "~/domain/identity/roles";
import { useT } from "~/i18n/use-t";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "alliance", ROLES.alliance);
  return { name: ctx.org.name, role: ctx.role };
}

/** The alliance's home: its own features arrive with their issues; this page says so plainly. */
export default function AllianceHome() {
  const { name, role } = useLoaderData<typeof loader>();
  const { t } = useT();
  return (
    <main className="mx-auto flex max-w-xl flex-col gap-3 p-4">
      <h1 className="text-xl font-bold">{name}</h1>
      <p className="text-sm text-stone-500">
        {t("org.kind.alliance")} · {t(`role.${role}`)}
      </p>
      <p className="rounded-xl bg-white p-4 shadow-sm">{t("home.alliance.empty")}</p>
    </main>
  );
}
