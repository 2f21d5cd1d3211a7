import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { Field, FormError, Notice, SubmitButton, type ActionErrors } from "~/components/forms";
import { newId } from "~/domain/ids.server";
import { countStock, countStockFormSchema, listCategories, listForCount } from "~/domain/inventory/count-stock.server";
import { attempt } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { useT } from "~/i18n/use-t";
import "~/i18n/audiences/store-stock";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "stock.count");
  const category = new URL(request.url).searchParams.get("category");
  return { categories: listCategories(ctx), category, items: listForCount(ctx, category), requestId: newId() };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "stock.count");
  const formData = await request.formData();
  const form = parseForm(formData, countStockFormSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const result = await attempt(ctx.locale, () => countStock(ctx, form.data), formData);
  if (!result.ok) return result.reply;
  const back = new URL(request.url).searchParams;
  back.set("done", `${result.value.lines}.${result.value.diffs}`);
  throw redirect(`/store/count?${back}`);
}

export default function Count() {
  const { categories, category, items, requestId } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  const [params] = useSearchParams();
  const { t, number } = useT();
  const [lines, diffs] = (params.get("done") ?? "").split(".");
  return (
    <div className="flex flex-col gap-3">
      <h1 className="text-xl font-bold">{t("count.title")}</h1>
      {lines ? (
        <Notice>{t("count.done", { lines, diffs })}</Notice>
      ) : (
        <p className="text-sm text-stone-600">{t("count.hint")}</p>
      )}
      <nav aria-label={t("count.category")} className="-mx-3 flex gap-2 overflow-x-auto px-3 pb-1">
        <Link
          to="/store/count"
          aria-current={!category ? "page" : undefined}
          className={`flex min-h-11 shrink-0 items-center rounded-full px-4 text-sm ${!category ? "bg-brand-700 text-white" : "bg-white"}`}
        >
          {t("products.filter.all")}
        </Link>
        {categories.map((c) => (
          <Link
            key={c}
            to={`?category=${encodeURIComponent(c)}`}
            aria-current={c === category ? "page" : undefined}
            className={`flex min-h-11 max-w-[16rem] shrink-0 items-center rounded-full px-4 text-sm ${c === category ? "bg-brand-700 text-white" : "bg-white"}`}
          >
            <span className="truncate">{c}</span>
          </Link>
        ))}
      </nav>
      <Form method="post" className="flex flex-col gap-3" noValidate key={requestId}>
        <input type="hidden" name="requestId" value={errors?.values?.requestId || requestId} />
        <FormError errors={errors} />
        {items.length === 0 ? <p className="py-6 text-center text-stone-500">{t("count.empty")}</p> : null}
        <ul className="flex flex-col divide-y divide-stone-200 rounded-xl bg-white shadow-sm">
          {items.map((item) => (
            <li key={item.id} className="flex items-center gap-3 px-3 py-2">
              <span className="min-w-0 flex-1">
                <span className="line-clamp-2 break-words">{item.name}</span>
                <span className="text-xs text-stone-500">
                  {t("count.expected", { qty: number(item.onHand), unit: item.baseUnit })}
                </span>
              </span>
              <Field
                className="w-24 shrink-0"
                label={t("count.counted", { unit: item.baseUnit })}
                name={`counted.${item.id}`}
                id={`counted-${item.id}`}
                inputMode="numeric"
                errors={errors}
              />
            </li>
          ))}
        </ul>
        <Field label={t("adjust.note")} name="note" maxLength={200} optional errors={errors} />
        <div className="sticky bottom-16">
          <SubmitButton>{t("count.submit")}</SubmitButton>
        </div>
      </Form>
    </div>
  );
}
