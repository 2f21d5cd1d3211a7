import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { CameraScan } from "~/components/camera-scan";
import { Field, FormError, Notice, SubmitButton, type ActionErrors } from "~/components/forms";
import { newId } from "~/domain/ids.server";
import { countList, countListQuery } from "~/domain/inventory/count-list.server";
import { countStock, countStockFormSchema, listCategories } from "~/domain/inventory/count-stock.server";
import { attempt } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { useT } from "~/i18n/use-t";
import "~/i18n/audiences/store-stock";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "stock.count");
  const query = countListQuery(new URL(request.url).searchParams);
  return { categories: listCategories(ctx), ...query, ...countList(ctx, query), requestId: newId() };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "stock.count");
  const formData = await request.formData();
  const form = parseForm(formData, countStockFormSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const result = await attempt(ctx.locale, () => countStock(ctx, form.data), formData);
  if (!result.ok) return result.reply;
  // Back to the same search, category and page, with the result: the next shelf is one tap away.
  const back = new URL(request.url).searchParams;
  back.set("done", `${result.value.lines}.${result.value.diffs}`);
  throw redirect(`/store/count?${back}`);
}

export default function Count() {
  const { categories, category, q, items, total, page, pages, from, scannedId, requestId } =
    useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  const [params] = useSearchParams();
  const { t, number } = useT();
  const [lines, diffs] = (params.get("done") ?? "").split(".");
  const href = (changes: Record<string, string | number | null>) => {
    const next = new URLSearchParams({ ...(q ? { q } : {}), ...(category ? { category } : {}) });
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) next.delete(key);
      else next.set(key, String(value));
    }
    return `?${next}`;
  };
  return (
    <div className="flex flex-col gap-3">
      <h1 className="text-xl font-bold">{t("count.title")}</h1>
      {lines ? (
        <Notice>{t("count.done", { lines, diffs })}</Notice>
      ) : (
        <p className="text-sm text-stone-600">{t("count.hint")}</p>
      )}
      <Form method="get" action="/store/count" role="search" className="flex flex-col gap-1">
        {category ? <input type="hidden" name="category" value={category} /> : null}
        <label htmlFor="count-q" className="text-sm font-medium text-stone-700">
          {t("count.find")}
        </label>
        <div className="flex gap-2">
          <input
            key={q}
            id="count-q"
            name="q"
            type="search"
            defaultValue={q}
            placeholder={t("count.findPlaceholder")}
            autoComplete="off"
            autoCorrect="off"
            autoCapitalize="off"
            spellCheck={false}
            enterKeyHint="search"
            // Ready for the next scan, unless a scan just found the product whose figure comes next.
            autoFocus={!scannedId || Boolean(lines)}
            onFocus={(event) => event.currentTarget.select()}
            className="min-h-12 min-w-0 flex-1 rounded-lg border border-stone-300 bg-white px-3 focus:outline-2 focus:outline-brand-600"
          />
          <CameraScan into="count-q" />
          <button type="submit" className="min-h-12 shrink-0 rounded-lg bg-brand-700 px-4 font-semibold text-white">
            {t("action.search")}
          </button>
        </div>
      </Form>
      <nav aria-label={t("count.category")} className="-mx-3 flex gap-2 overflow-x-auto px-3 pb-1">
        <Link
          to={href({ category: null, page: null })}
          aria-current={!category ? "page" : undefined}
          className={`flex min-h-11 shrink-0 items-center rounded-full px-4 text-sm ${!category ? "bg-brand-700 text-white" : "bg-white"}`}
        >
          {t("products.filter.all")}
        </Link>
        {categories.map((c) => (
          <Link
            key={c}
            to={href({ category: c, page: null })}
            aria-current={c === category ? "page" : undefined}
            className={`flex min-h-11 max-w-[16rem] shrink-0 items-center rounded-full px-4 text-sm ${c === category ? "bg-brand-700 text-white" : "bg-white"}`}
          >
            <span className="truncate">{c}</span>
          </Link>
        ))}
      </nav>
      {q ? (
        <p className="flex items-center justify-between gap-2 text-sm text-stone-600">
          <span>{total ? t("count.found", { q, total: number(total) }) : t("count.notFound", { q })}</span>
          <Link to={href({ q: null, page: null })} className="flex min-h-11 items-center text-brand-700 underline">
            {t("count.clear")}
          </Link>
        </p>
      ) : null}
      <Form method="post" className="flex flex-col gap-3" noValidate key={requestId}>
        <input type="hidden" name="requestId" value={errors?.values?.requestId || requestId} />
        <FormError errors={errors} />
        {total === 0 && !q ? <p className="py-6 text-center text-stone-500">{t("count.empty")}</p> : null}
        {items.length ? (
          <ul
            aria-label={t("count.list")}
            className="flex flex-col divide-y divide-stone-200 rounded-xl bg-white shadow-sm"
          >
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
                  autoFocus={item.id === scannedId && !lines}
                  errors={errors}
                />
              </li>
            ))}
          </ul>
        ) : null}
        {pages > 1 ? (
          <nav aria-label={t("count.pages")} className="flex items-center justify-between gap-2 text-sm">
            {page > 1 ? (
              <Link
                to={href({ page: page - 1 })}
                className="flex min-h-11 items-center rounded-lg bg-white px-4 shadow-sm"
              >
                {t("count.previous")}
              </Link>
            ) : (
              <span />
            )}
            <span className="text-stone-600">
              {t("count.range", { from: number(from), to: number(from + items.length - 1), total: number(total) })}
            </span>
            {page < pages ? (
              <Link
                to={href({ page: page + 1 })}
                className="flex min-h-11 items-center rounded-lg bg-white px-4 shadow-sm"
              >
                {t("count.next")}
              </Link>
            ) : (
              <span />
            )}
          </nav>
        ) : null}
        {pages > 1 ? <p className="text-xs text-stone-500">{t("count.pageHint")}</p> : null}
        {items.length ? (
          <>
            <Field label={t("adjust.note")} name="note" maxLength={200} optional errors={errors} />
            <div className="sticky bottom-16">
              <SubmitButton>{t("count.submit")}</SubmitButton>
            </div>
          </>
        ) : null}
      </Form>
    </div>
  );
}
