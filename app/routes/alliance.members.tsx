import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { MemberActions } from "~/components/alliance/member-actions";
import { FormError, type ActionErrors } from "~/components/forms";
import { decideMembership, listMembers } from "~/domain/alliances/memberships.server";
import { memberDecisionSchema } from "~/domain/alliances/member-fields.server";
import { attempt } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { useT } from "~/i18n/use-t";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "member.view");
  return { members: listMembers(ctx) };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "member.view");
  const formData = await request.formData();
  const form = parseForm(formData, memberDecisionSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const result = await attempt(
    ctx.locale,
    () => decideMembership(ctx, form.data.memberId, form.data.decision, form.data.note),
    formData,
  );
  if (!result.ok) return result.reply;
  // Back to where the button was (the home page lists requests too).
  throw redirect(form.data.back === "home" ? "/alliance" : "/alliance/members");
}

export default function Members() {
  const { members } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  const { t, dateTime } = useT();
  return (
    <>
      <h1 className="text-xl font-bold">{t("alliance.members.title")}</h1>
      <FormError errors={errors} />
      <p className="text-sm text-stone-600">{t("alliance.members.removeHint")}</p>
      {members.length ? (
        <ul className="flex flex-col gap-2">
          {members.map((m) => (
            <li key={m.id} className="flex flex-col gap-2 rounded-xl bg-white p-3 shadow-sm" data-testid="member">
              <span className="flex items-start justify-between gap-2">
                <span className="min-w-0 font-medium break-words">
                  {m.name}
                  {m.village ? <span className="ml-2 text-sm font-normal text-stone-500">{m.village}</span> : null}
                </span>
                <span className="shrink-0 rounded bg-stone-100 px-2 py-0.5 text-xs text-stone-700">
                  {t(`alliance.member.status.${m.status}`)}
                </span>
              </span>
              <span className="text-xs text-stone-500">
                {t("alliance.members.requestedAt", { time: dateTime(m.requestedAt) })}
                {m.note ? ` · ${m.note}` : ""}
              </span>
              <MemberActions memberId={m.id} status={m.status} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-stone-500">{t("alliance.members.empty")}</p>
      )}
    </>
  );
}
