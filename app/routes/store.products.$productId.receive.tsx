import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { BackLink, ProductHeading } from "~/components/page-top";
import { ScanSearch } from "~/components/scan-search";
import { Field, FormError, Select, SubmitButton, type ActionErrors } from "~/components/forms";
import { newId } from "~/domain/ids.server";
import { getProduct } from "~/domain/inventory/get-product.server";
import { receiveStock, receiveStockSchema } from "~/domain/inventory/receive-stock.server";
import { attempt, load } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { useT } from "~/i18n/use-t";
import "~/i18n/audiences/store-stock";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "stock.receive");
  const product = await load(ctx.locale, () => getProduct(ctx, params.productId ?? ""));
  return { product, requestId: newId() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "stock.receive");
  const formData = await request.formData();
  const form = parseForm(formData, receiveStockSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const result = await attempt(ctx.locale, () => receiveStock(ctx, params.productId ?? "", form.data), formData);
  if (!result.ok) return result.reply;
  const done = new URLSearchParams({ done: "received", qty: String(result.value.qtyBase) });
  if (form.data.unit === "pack") done.set("packs", String(form.data.qty));
  throw redirect(`/store/products/${result.value.productId}?${done}`);
}

export default function Receive() {
  const { product, requestId } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  const { t, money, number } = useT();
  const hasPack = !!product.packUnit && product.packSize > 1;
  const units = [{ value: "base", label: product.baseUnit }];
  if (hasPack) {
    units.push({
      value: "pack",
      label: t("receive.packOption", {
        packUnit: product.packUnit ?? "",
        packSize: product.packSize,
        baseUnit: product.baseUnit,
      }),
    });
  }
  // With no cost on record, an empty field books the delivery at ¥0: say so instead of "¥0.00/袋".
  const costHint =
    product.costFen === 0
      ? t("receive.costHintNone")
      : hasPack
        ? t("receive.costHintPack", {
            cost: money(product.costFen),
            unit: product.baseUnit,
            packCost: money(product.costFen * product.packSize),
            packUnit: product.packUnit ?? "",
          })
        : t("receive.costHint", { cost: money(product.costFen), unit: product.baseUnit });
  return (
    <div className="flex flex-col gap-3">
      <BackLink to={`/store/products/${product.id}`}>{t("product.detail")}</BackLink>
      <ProductHeading
        title={t("receive.title")}
        name={product.name}
        stock={t("stock.now", { qty: number(product.onHand), unit: product.baseUnit })}
      />
      <Form method="post" className="flex flex-col gap-3" noValidate key={requestId}>
        <input type="hidden" name="requestId" value={errors?.values?.requestId || requestId} />
        <FormError errors={errors} />
        <div className="grid grid-cols-2 gap-3">
          <Field label={t("receive.qty")} name="qty" inputMode="numeric" autoFocus errors={errors} />
          <Select
            label={t("receive.unit")}
            name="unit"
            options={units}
            defaultValue={units.length > 1 ? "pack" : "base"}
            errors={errors}
          />
        </div>
        <Field label={t("receive.cost")} name="costFen" inputMode="decimal" optional hint={costHint} errors={errors} />
        <div className="grid grid-cols-2 gap-3">
          <Field label={t("receive.batch")} name="batchNo" maxLength={40} optional errors={errors} />
          <Field label={t("receive.expiry")} name="expiryDate" type="date" optional errors={errors} />
        </div>
        <SubmitButton>{t("receive.submit")}</SubmitButton>
      </Form>
      {/* A delivery of several products: the scanner or the camera opens the next one's form (decision 034). */}
      <ScanSearch then="receive" label={t("scan.receiveNext")} />
    </div>
  );
}
