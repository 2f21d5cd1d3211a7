import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { addBasketEntry, basketEntrySchema, countyBasket, removeBasketEntry } from "~/domain/county/basket.server";
import { attempt } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { readIntent } from "~/http/intents.server";
import { useT } from "~/i18n/use-t";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "county.home");
  return { basket: countyBasket(ctx) };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "county.basket.save");
  const formData = await request.formData();
  const intent = readIntent(formData, ["add", "remove"], ctx.locale);
  if (!intent.ok) return intent.reply;
  const parsed = parseForm(formData, basketEntrySchema, ctx.locale);
  if (!parsed.ok) return parsed.reply;
  const result = await attempt(
    ctx.locale,
    () => (intent.value === "add" ? addBasketEntry(ctx, parsed.data) : removeBasketEntry(ctx, parsed.data)),
    formData,
  );
  if (!result.ok) return result.reply;
  throw redirect("/county/basket");
}

const input = "min-h-11 rounded-lg border border-stone-300 px-2";

/** The staple basket the bureau keeps: entries by barcode or category, added and removed. */
export default function CountyBasketPage() {
  const { basket } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const { t } = useT();
  const fieldErrors = reply && "fieldErrors" in reply ? (reply.fieldErrors ?? {}) : {};
  const values = reply && "values" in reply ? (reply.values ?? {}) : {};
  return (
    <>
      <h1 className="text-xl font-bold">{t("county.basket.title")}</h1>
      <p className="text-sm text-stone-600">{t("county.basket.intro")}</p>
      {reply && "formError" in reply ? (
        <p role="alert" className="rounded-lg bg-red-50 p-3 text-sm text-red-800">
          {Object.values(fieldErrors)[0] ?? reply.formError}
        </p>
      ) : null}
      <ul className="flex flex-col divide-y divide-stone-100 rounded-xl bg-white shadow-sm" data-testid="basket">
        {basket.length === 0 ? <li className="p-3 text-sm text-stone-600">{t("county.basket.empty")}</li> : null}
        {basket.map((b) => (
          <li key={`${b.item}|${b.matchKind}|${b.matchValue}`} className="flex items-center gap-2 p-3 text-sm">
            <span className="font-medium">{b.item}</span>
            <span className="text-stone-600">
              {t(b.matchKind === "barcode" ? "county.basket.barcode" : "county.basket.category")} {b.matchValue}
            </span>
            <Form method="post" className="ml-auto">
              <input type="hidden" name="item" value={b.item} />
              <input type="hidden" name="matchKind" value={b.matchKind} />
              <input type="hidden" name="matchValue" value={b.matchValue} />
              <button type="submit" name="intent" value="remove" className="min-h-11 rounded-lg border px-3">
                {t("county.basket.remove")}
              </button>
            </Form>
          </li>
        ))}
      </ul>
      <Form method="post" className="flex flex-col gap-2 rounded-xl bg-white p-3 shadow-sm">
        <label className="flex flex-col text-sm">
          {t("county.basket.item")}
          <input name="item" required maxLength={20} defaultValue={values.item} className={input} />
        </label>
        <label className="flex flex-col text-sm">
          {t("county.basket.kind")}
          <select name="matchKind" defaultValue={values.matchKind ?? "barcode"} className={input}>
            <option value="barcode">{t("county.basket.barcode")}</option>
            <option value="category">{t("county.basket.category")}</option>
          </select>
        </label>
        <label className="flex flex-col text-sm">
          {t("county.basket.value")}
          <input name="matchValue" required maxLength={40} defaultValue={values.matchValue} className={input} />
        </label>
        <button
          type="submit"
          name="intent"
          value="add"
          className="min-h-11 rounded-lg bg-brand-700 px-3 text-sm font-semibold text-white"
        >
          {t("county.basket.add")}
        </button>
      </Form>
    </>
  );
}
