import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { closeCountyMonth, unpublishedMonths } from "~/domain/county/close-month.server";
import { publishForm } from "~/domain/county/forms.server";
import { attempt } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { useT } from "~/i18n/use-t";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "county.home");
  return unpublishedMonths(ctx);
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "county.publish");
  const formData = await request.formData();
  const parsed = parseForm(formData, publishForm, ctx.locale);
  if (!parsed.ok) return parsed.reply;
  const result = await attempt(ctx.locale, () => closeCountyMonth(ctx, parsed.data.month), formData);
  if (!result.ok) return result.reply;
  return { done: result.value };
}

/** The director publishes a closed month by hand (the worker does it on the 1st of each month). */
export default function CountyPublishPage() {
  const { pending, published } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const { t } = useT();
  const done = reply && "done" in reply ? reply.done : null;
  const error = reply && "formError" in reply ? reply.formError : null;
  return (
    <>
      <h1 className="text-xl font-bold">{t("county.publish.title")}</h1>
      <p className="text-sm text-stone-600">{t("county.publish.intro")}</p>
      {done ? (
        <p role="status" className="rounded-lg bg-green-50 p-3 text-sm text-green-800">
          {done.published
            ? t("county.publish.done", { month: done.month, stores: done.stores })
            : t("county.publish.already", { month: done.month })}
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="rounded-lg bg-red-50 p-3 text-sm text-red-800">
          {error}
        </p>
      ) : null}
      <section className="flex flex-col gap-2 rounded-xl bg-white p-3 shadow-sm">
        <h2 className="font-semibold">{t("county.publish.closed")}</h2>
        {pending.length === 0 ? <p className="text-sm text-stone-600">{t("county.publish.none")}</p> : null}
        <div className="flex flex-wrap gap-2">
          {pending.map((m) => (
            <Form method="post" key={m}>
              <button
                type="submit"
                name="month"
                value={m}
                className="min-h-11 rounded-lg bg-brand-700 px-3 text-sm font-semibold text-white"
              >
                {t("county.publish.button", { month: m })}
              </button>
            </Form>
          ))}
        </div>
      </section>
      <section className="flex flex-col gap-2 rounded-xl bg-white p-3 shadow-sm">
        <h2 className="font-semibold">{t("county.publish.published")}</h2>
        <p className="text-sm tabular-nums" data-testid="published">
          {published.map((p) => `${p.month}（${p.stores}）`).join("、") || "—"}
        </p>
      </section>
    </>
  );
}
