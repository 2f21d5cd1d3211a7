import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { FormError, Notice, type ActionErrors } from "~/components/forms";
import { useDay } from "~/components/restock/use-day";
import { newId } from "~/domain/ids.server";
import { listClaims } from "~/domain/restock/list-claims.server";
import { resolveClaim, resolveClaimSchema } from "~/domain/restock/resolve-claim.server";
import { attempt } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { useT } from "~/i18n/use-t";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "claim.view");
  const params = new URL(request.url).searchParams;
  const closed = params.get("show") === "closed";
  const claims = closed ? listClaims(ctx, { status: null }).filter((c) => c.claim.status !== "open") : listClaims(ctx);
  return { claims, closed, requestId: newId(), done: params.get("done") };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "claim.view");
  const formData = await request.formData();
  const claimId = String(formData.get("claimId") ?? "");
  const form = parseForm(formData, resolveClaimSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const result = await attempt(ctx.locale, () => resolveClaim(ctx, claimId, form.data), formData);
  if (!result.ok) return result.reply;
  throw redirect("/distributor/claims?done=1");
}

/** Differences stores reported on receipt, oldest first; each settled with a credit note or a reason. */
export default function DistributorClaims() {
  const data = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  const { t, money } = useT();
  const day = useDay();
  return (
    <div className="flex flex-col gap-3 md:max-w-3xl">
      <div className="flex items-center gap-3">
        <h1 className="flex-1 text-xl font-bold">{t("restock.claims.title")}</h1>
        <Link
          to={data.closed ? "?" : "?show=closed"}
          className="flex min-h-11 items-center text-sm text-brand-700 underline"
        >
          {t(data.closed ? "restock.claims.showOpen" : "restock.claims.showClosed")}
        </Link>
      </div>
      {data.done ? <Notice>{t("restock.claims.resolved")}</Notice> : null}
      <FormError errors={errors} />
      {data.claims.length === 0 ? <p className="text-stone-500">{t("restock.claims.empty")}</p> : null}
      <ul className="flex flex-col gap-2" data-testid="claims">
        {data.claims.map(({ claim, storeName, lineName, packUnit, deliveryDate }) => (
          <li key={claim.id} className="flex flex-col gap-2 rounded-xl bg-white p-3 shadow-sm">
            <span className="flex flex-wrap items-baseline justify-between gap-2">
              <Link
                to={`/distributor/orders/${claim.orderId}`}
                className="font-semibold underline-offset-2 hover:underline"
              >
                {storeName} · {day(deliveryDate)}
              </Link>
              <span className="text-xs font-semibold">{t(`restock.claim.status.${claim.status}`)}</span>
            </span>
            <span className="text-sm">
              {t("restock.claim.line", {
                name: lineName,
                kind: t(`restock.claim.kind.${claim.kind}`),
                qty: claim.qtyPacks,
                unit: packUnit || "件",
                amount: money(claim.amountFen),
              })}
            </span>
            {claim.resolutionNote ? <span className="text-sm text-stone-600">{claim.resolutionNote}</span> : null}
            {claim.status === "open" ? (
              <Form method="post" className="flex flex-wrap items-end gap-2">
                <input type="hidden" name="claimId" value={claim.id} />
                <input type="hidden" name="requestId" value={`${data.requestId}-${claim.id}`.slice(0, 64)} />
                <label className="flex min-w-40 flex-1 flex-col gap-1 text-xs text-stone-600">
                  {t("restock.claims.note")}
                  <input
                    name="note"
                    maxLength={200}
                    className="min-h-11 rounded-lg border border-stone-300 px-2 text-base text-stone-900"
                  />
                </label>
                <button
                  type="submit"
                  name="decision"
                  value="credit"
                  className="min-h-11 rounded-lg bg-brand-700 px-3 text-sm font-semibold text-white"
                >
                  {t(claim.kind === "extra" ? "restock.claims.acceptExtra" : "restock.claims.credit")}
                </button>
                <button
                  type="submit"
                  name="decision"
                  value="reject"
                  className="min-h-11 rounded-lg border border-red-300 px-3 text-sm font-semibold text-red-800"
                >
                  {t("restock.claims.reject")}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
