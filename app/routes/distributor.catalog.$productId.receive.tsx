import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { Field, FormError, Select, SubmitButton, type ActionErrors } from "~/components/forms";
import { BackLink, ProductHeading } from "~/components/page-top";
import { getCatalogItem } from "~/domain/distribution/list-catalog.server";
import { newId } from "~/domain/ids.server";
import {
  batchesForReceipt,
  receiveWarehouseDelivery,
  warehouseReceiptSchema,
} from "~/domain/trace/warehouse-receipt.server";
import { attempt, load } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { useT } from "~/i18n/use-t";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "warehouse.receive");
  const item = await load(ctx.locale, () => getCatalogItem(ctx, params.productId ?? ""));
  // The supplier batches delivered here for this SKU: naming one books its batch and expiry (decision 040).
  return { item, batches: batchesForReceipt(ctx, item.id), requestId: newId() };
}

/** A supplier's delivery into the warehouse: the same receipt (and ledger) as a store's. */
export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "warehouse.receive");
  // Only catalog SKUs are received here: another org's id or a stray product is a 404.
  const item = await load(ctx.locale, () => getCatalogItem(ctx, params.productId ?? ""));
  const formData = await request.formData();
  const form = parseForm(formData, warehouseReceiptSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const result = await attempt(ctx.locale, () => receiveWarehouseDelivery(ctx, item.id, form.data), formData);
  if (!result.ok) return result.reply;
  throw redirect(`/distributor/catalog?${new URLSearchParams({ q: item.barcode ?? item.name })}`);
}

export default function ReceiveSku() {
  const { item, batches, requestId } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  const { t, number } = useT();
  const units = [
    {
      value: "pack",
      label: t("receive.packOption", {
        packUnit: item.packUnit ?? "",
        packSize: item.packSize,
        baseUnit: item.baseUnit,
      }),
    },
    { value: "base", label: item.baseUnit },
  ];
  return (
    <div className="flex max-w-xl flex-col gap-3">
      <BackLink to="/distributor/catalog">{t("catalog.title")}</BackLink>
      <ProductHeading
        title={t("catalog.receive")}
        name={item.name}
        stock={t("stock.now", { qty: number(item.onHand), unit: item.baseUnit })}
      />
      <p className="text-sm text-stone-500">{t("catalog.receiveHint")}</p>
      <Form method="post" className="flex flex-col gap-3" noValidate key={requestId}>
        <input type="hidden" name="requestId" value={errors?.values?.requestId ?? requestId} />
        <FormError errors={errors} />
        <div className="grid grid-cols-2 gap-3">
          <Field label={t("receive.qty")} name="qty" inputMode="numeric" autoFocus errors={errors} />
          <Select label={t("receive.unit")} name="unit" options={units} defaultValue="pack" errors={errors} />
        </div>
        <Field label={t("receive.cost")} name="costFen" inputMode="decimal" optional errors={errors} />
        {batches.length ? (
          <>
            <Select
              label={t("trace.supplierBatch")}
              name="supplierBatchId"
              options={[
                { value: "", label: t("trace.supplierBatchNone") },
                ...batches.map((b) => ({
                  value: b.id,
                  label: [b.batchNo, b.supplier, b.expiryDate ?? ""].filter(Boolean).join(" · "),
                })),
              ]}
              defaultValue={batches[0]!.id}
              errors={errors}
            />
            <p className="text-xs text-stone-500">{t("trace.supplierBatchHint")}</p>
          </>
        ) : null}
        <div className="grid grid-cols-2 gap-3">
          <Field label={t("receive.batch")} name="batchNo" maxLength={40} optional errors={errors} />
          <Field label={t("receive.expiry")} name="expiryDate" type="date" optional errors={errors} />
        </div>
        <SubmitButton>{t("receive.submit")}</SubmitButton>
      </Form>
    </div>
  );
}
