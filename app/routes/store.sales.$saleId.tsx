import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { Field, FormError, Notice, SubmitButton, type ActionErrors } from "~/components/forms";
import { newId } from "~/domain/ids.server";
import { getSale } from "~/domain/sales/get-sale.server";
import { returnSaleLines, returnSaleLinesFormSchema } from "~/domain/sales/return-sale-lines.server";
import { voidSale, voidSaleSchema } from "~/domain/sales/void-sale.server";
import { attempt, load } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { readIntent } from "~/http/intents.server";
import { useT } from "~/i18n/use-t";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "sale.view");
  const detail = await load(ctx.locale, () => getSale(ctx, params.saleId ?? ""));
  return { ...detail, requestId: newId() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "sale.view");
  const formData = await request.formData();
  const saleId = params.saleId ?? "";
  const intent = readIntent(formData, ["void", "return"], ctx.locale);
  if (!intent.ok) return intent.reply;
  if (intent.value === "void") {
    const form = parseForm(formData, voidSaleSchema, ctx.locale);
    if (!form.ok) return form.reply;
    const result = await attempt(ctx.locale, () => voidSale(ctx, saleId, form.data), formData);
    if (!result.ok) return result.reply;
    throw redirect(`/store/sales/${result.value.saleId}?done=void`);
  }
  const form = parseForm(formData, returnSaleLinesFormSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const result = await attempt(ctx.locale, () => returnSaleLines(ctx, saleId, form.data), formData);
  if (!result.ok) return result.reply;
  throw redirect(`/store/sales/${result.value.saleId}?done=return&amount=${result.value.refundFen}`);
}

export default function SaleDetail() {
  const { sale, lines, reversals, canVoid, canReturn, requestId } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  const [params] = useSearchParams();
  const { t, money, dateTime, number } = useT();
  const done = params.get("done");
  const voided = sale.status === "voided";
  return (
    <div className="flex flex-col gap-4">
      <Link to="/store/sales" className="flex min-h-11 items-center self-start text-sm text-brand-700">
        ← {t("sales.title")}
      </Link>
      {done === "void" ? <Notice>{t("saleDetail.done.void")}</Notice> : null}
      {done === "return" ? (
        <Notice>{t("saleDetail.done.return", { amount: money(Number(params.get("amount")) || 0) })}</Notice>
      ) : null}
      <FormError errors={errors} />
      <section className="rounded-xl bg-white p-4 shadow-sm">
        <div className="flex items-baseline justify-between gap-2">
          <h1 className="text-xl font-bold">{t("saleDetail.title")}</h1>
          <span
            className={`text-2xl font-bold tabular-nums ${voided ? "text-stone-400 line-through" : ""}`}
            data-testid="sale-total"
          >
            {money(sale.totalFen)}
          </span>
        </div>
        <p className="text-sm text-stone-600">
          {dateTime(sale.createdAt)} · {t(`tender.${sale.tender}`)}
          {sale.actorName ? ` · ${t("saleDetail.soldBy", { name: sale.actorName })}` : ""}
        </p>
        {sale.cashReceivedFen !== null && sale.changeFen !== null ? (
          <p className="text-sm text-stone-600">
            {t("saleDetail.cashReceived", { cash: money(sale.cashReceivedFen), change: money(sale.changeFen) })}
          </p>
        ) : null}
        {sale.customerId ? (
          <p className="text-sm">
            {t("saleDetail.customer")}:{" "}
            <Link to={`/store/customers/${sale.customerId}`} className="text-brand-700 underline">
              {sale.customerName}
            </Link>
          </p>
        ) : null}
        {voided ? (
          <p className="mt-1 font-semibold text-red-700" data-testid="sale-status">
            {t("sales.voided")}
          </p>
        ) : null}
        {sale.oversold ? <p className="mt-1 text-sm text-amber-700">{t("sell.oversold")}</p> : null}
        {sale.refundedFen > 0 && !voided ? (
          <p className="mt-1 text-sm">
            {t("saleDetail.refunded", { amount: money(sale.refundedFen) })} · {t("saleDetail.net")} {money(sale.netFen)}
          </p>
        ) : null}
      </section>
      <Form method="post" className="flex flex-col gap-3" noValidate key={`return-${requestId}`}>
        <input type="hidden" name="requestId" value={errors?.values?.requestId ?? requestId} />
        <ul className="flex flex-col divide-y divide-stone-200 rounded-xl bg-white shadow-sm">
          {lines.map((l) => (
            <li key={l.id} className="flex items-center gap-3 px-3 py-2">
              <span className="min-w-0 flex-1">
                <Link to={`/store/products/${l.productId}`} className="block truncate py-2.5">
                  {l.name}
                </Link>
                <span className="text-xs text-stone-500">
                  {money(l.priceFen)} × {number(l.qty)}
                  {l.baseUnit}
                  {l.returnedQty > 0
                    ? ` · ${t("saleDetail.returnedQty", { qty: `${number(l.returnedQty)}${l.baseUnit}` })}`
                    : ""}
                </span>
              </span>
              {canReturn && l.qty > l.returnedQty ? (
                <Field
                  className="w-20 shrink-0"
                  label={t("saleDetail.returnQty", { unit: l.baseUnit })}
                  name={`return.${l.id}`}
                  id={`return-${l.id}`}
                  inputMode="numeric"
                  errors={errors}
                />
              ) : (
                <span className="font-semibold tabular-nums">{money(l.priceFen * l.qty)}</span>
              )}
            </li>
          ))}
        </ul>
        {canReturn ? (
          <>
            <Field label={t("saleDetail.reason")} name="reason" maxLength={200} errors={errors} />
            <SubmitButton name="intent" value="return">
              {t("saleDetail.returnSubmit")}
            </SubmitButton>
          </>
        ) : null}
      </Form>
      {canVoid ? (
        <section className="flex flex-col gap-2 rounded-xl border border-red-200 bg-white p-3">
          <p className="text-sm text-stone-600">{t("saleDetail.voidHint")}</p>
          {params.get("confirm") === "void" ? (
            // A second, deliberate step (a link, so it asks with JavaScript off too).
            <Form method="post" className="flex flex-col gap-2" key={`void-${requestId}`}>
              <input type="hidden" name="requestId" value={requestId} />
              <p className="font-semibold text-red-800">{t("saleDetail.voidConfirmAsk")}</p>
              <div className="flex gap-2">
                <Link
                  to="."
                  replace
                  className="flex min-h-12 flex-1 items-center justify-center rounded-lg border border-stone-300 px-4"
                >
                  {t("saleDetail.voidKeep")}
                </Link>
                <button
                  type="submit"
                  name="intent"
                  value="void"
                  className="min-h-12 flex-1 rounded-lg bg-red-700 px-4 font-semibold text-white"
                >
                  {t("saleDetail.voidConfirm")}
                </button>
              </div>
            </Form>
          ) : (
            <Link
              to="?confirm=void"
              replace
              className="flex min-h-12 w-full items-center justify-center rounded-lg border border-red-700 px-4 font-semibold text-red-700"
            >
              {t("saleDetail.void")}
            </Link>
          )}
        </section>
      ) : null}
      {reversals.length > 0 ? (
        <section className="rounded-xl bg-white p-4 shadow-sm">
          <h2 className="mb-2 font-semibold">{t("saleDetail.history")}</h2>
          <ul className="divide-y divide-stone-100 text-sm">
            {reversals.map((r) => (
              <li key={r.id} className="flex justify-between gap-2 py-2">
                <span>
                  {t(`saleDetail.reversal.${r.kind}`)} · {dateTime(r.createdAt)}
                  {r.actorName ? ` · ${r.actorName}` : ""}
                  {r.reason ? ` · ${r.reason}` : ""}
                </span>
                <span className="tabular-nums">−{money(r.refundFen)}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
