import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { RequestId } from "~/components/alliance/hidden";
import { Field, FormError, SubmitButton, type ActionErrors } from "~/components/forms";
import { BackLink } from "~/components/page-top";
import { newId } from "~/domain/ids.server";
import { supplierDeliverySchema } from "~/domain/negotiation/fields.server";
import { recordSupplierDelivery } from "~/domain/negotiation/record-supplier-delivery.server";
import { listSupplierOrders } from "~/domain/negotiation/supplier-orders.server";
import { attempt } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { useT } from "~/i18n/use-t";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "supplierOrder.record");
  return { orders: listSupplierOrders(ctx), requestId: newId() };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "supplierOrder.record");
  const formData = await request.formData();
  const orderId = String(formData.get("orderId") ?? "");
  const form = parseForm(formData, supplierDeliverySchema, ctx.locale);
  if (!form.ok) return form.reply;
  const result = await attempt(ctx.locale, () => recordSupplierDelivery(ctx, orderId, form.data), formData);
  if (!result.ok) return result.reply;
  throw redirect("/alliance/negotiations/deliveries");
}

/** 供应商交货: promised and actual delivery dates and the supplier batch of each supplier order. */
export default function Deliveries() {
  const { orders, requestId } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  const { t } = useT();
  const errorsFor = (id: string) => (errors?.values?.orderId === id ? errors : undefined);
  return (
    <>
      <BackLink to="/alliance/negotiations">{t("negotiation.title")}</BackLink>
      <h1 className="text-xl font-bold">{t("negotiation.deliveries.title")}</h1>
      {orders.length === 0 ? <p className="text-stone-500">{t("negotiation.deliveries.empty")}</p> : null}
      <ul className="flex flex-col gap-2">
        {orders.map((o) => (
          <li key={o.id} className="flex flex-col gap-2 rounded-xl bg-white p-3 shadow-sm" data-testid="supplier-order">
            <p className="font-medium break-words">
              {o.campaignTitle} · {o.supplierName} · {o.packs}
            </p>
            {o.batches.map((b) => (
              <p key={b.id} className="text-xs text-stone-600">
                {t("negotiation.deliveries.batch", {
                  no: b.batchNo,
                  made: b.productionDate ?? "—",
                  expiry: b.expiryDate ?? "—",
                })}
              </p>
            ))}
            <Form method="post" className="flex flex-col gap-2" key={`${o.id}-${requestId}`}>
              <RequestId value={requestId} />
              <input type="hidden" name="orderId" value={o.id} />
              <FormError errors={errorsFor(o.id)} />
              <div className="grid grid-cols-2 gap-2">
                <Field
                  id={`p-${o.id}`}
                  label={t("negotiation.deliveries.promised")}
                  name="promisedDeliveryDate"
                  type="date"
                  defaultValue={o.promisedDeliveryDate ?? undefined}
                  errors={errorsFor(o.id)}
                  optional
                />
                <Field
                  id={`d-${o.id}`}
                  label={t("negotiation.deliveries.delivered")}
                  name="deliveredDate"
                  type="date"
                  defaultValue={o.deliveredDate ?? undefined}
                  errors={errorsFor(o.id)}
                  optional
                />
              </div>
              <Field
                id={`b-${o.id}`}
                label={t("negotiation.deliveries.batchNo")}
                name="batchNo"
                errors={errorsFor(o.id)}
                optional
              />
              <div className="grid grid-cols-2 gap-2">
                <Field
                  id={`m-${o.id}`}
                  label={t("negotiation.deliveries.production")}
                  name="productionDate"
                  type="date"
                  errors={errorsFor(o.id)}
                  optional
                />
                <Field
                  id={`e-${o.id}`}
                  label={t("negotiation.deliveries.expiry")}
                  name="expiryDate"
                  type="date"
                  errors={errorsFor(o.id)}
                  optional
                />
              </div>
              <SubmitButton>{t("negotiation.deliveries.save")}</SubmitButton>
            </Form>
          </li>
        ))}
      </ul>
    </>
  );
}
