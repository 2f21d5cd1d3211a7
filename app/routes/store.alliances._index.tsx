import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { may } from "~/domain/permission-check.server";
import { FormError, type ActionErrors } from "~/components/forms";
import { applySchema } from "~/domain/alliances/member-fields.server";
import { alliancesForStore, applyToAlliance } from "~/domain/alliances/memberships.server";
import { attempt } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { useT } from "~/i18n/use-t";
import "~/i18n/audiences/store-alliance";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "groupBuy.view");
  return { alliances: alliancesForStore(ctx), canApply: may(ctx, "alliance.apply") };
}

/** Only the owner commits the shop to an alliance. */
export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "alliance.apply");
  const formData = await request.formData();
  const form = parseForm(formData, applySchema, ctx.locale);
  if (!form.ok) return form.reply;
  const result = await attempt(ctx.locale, () => applyToAlliance(ctx, form.data.allianceOrgId), formData);
  if (!result.ok) return result.reply;
  throw redirect("/store/alliances");
}

const STATUS_TEXT = {
  requested: "alliance.store.applied",
  active: "alliance.store.member",
  rejected: "alliance.store.rejected",
  removed: "alliance.store.removed",
} as const;

export default function StoreAlliances() {
  const { alliances, canApply } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  const { t } = useT();
  const member = alliances.some((a) => a.status === "active");
  return (
    <div className="flex flex-col gap-3">
      <h1 className="text-xl font-bold">{t("alliance.store.title")}</h1>
      <p className="text-sm text-stone-600">{t("alliance.store.hint")}</p>
      <FormError errors={errors} />
      {member ? (
        <Link
          to="/store/alliances/campaigns"
          className="flex min-h-12 items-center justify-center rounded-lg bg-brand-700 px-4 font-semibold text-white"
        >
          {t("alliance.store.campaigns")}
        </Link>
      ) : null}
      {member ? (
        <Link
          to="/store/alliances/interest"
          className="flex min-h-12 items-center justify-center rounded-lg border border-brand-700 px-4 font-semibold text-brand-700"
        >
          {t("negotiation.interest.title")}
        </Link>
      ) : null}
      {alliances.length ? (
        <ul className="flex flex-col gap-2">
          {alliances.map((a) => (
            <li key={a.id} className="flex flex-col gap-2 rounded-xl bg-white p-3 shadow-sm" data-testid="alliance">
              <span className="font-semibold break-words">{a.name}</span>
              {a.contactPhone ? <span className="text-sm text-stone-600">{a.contactPhone}</span> : null}
              {a.status ? (
                <span className={`text-sm ${a.status === "active" ? "text-emerald-700" : "text-stone-600"}`}>
                  {t(STATUS_TEXT[a.status])}
                </span>
              ) : null}
              {canApply && (a.status === null || a.status === "rejected" || a.status === "removed") ? (
                <Form method="post">
                  <input type="hidden" name="allianceOrgId" value={a.id} />
                  <button
                    type="submit"
                    className="min-h-12 w-full rounded-lg border border-brand-700 px-4 font-semibold text-brand-800"
                  >
                    {t("alliance.store.apply")}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-stone-500">{t("alliance.store.none")}</p>
      )}
    </div>
  );
}
