import { Form } from "@remix-run/react";
import { SubmitButton, type ActionErrors } from "~/components/forms";
import { useT } from "~/i18n/use-t";
import type { OrderLine } from "./order-lines";

/**
 * The store says, per line, what came off the van: good packs (defaulting to what was shipped,
 * so an exact delivery is one tap) and damaged packs; batch and expiry if the label shows them.
 */
export function ReceiveForm({
  lines,
  requestId,
  errors,
}: {
  lines: OrderLine[];
  requestId: string;
  errors?: ActionErrors;
}) {
  const { t } = useT();
  const value = (name: string, fallback: string) => errors?.values?.[name] ?? fallback;
  const input = "h-11 w-full min-w-0 rounded-lg border px-2 text-center text-base tabular-nums";
  return (
    <Form method="post" className="flex flex-col gap-2" noValidate>
      <h2 className="font-semibold">{t("restock.receive.title")}</h2>
      <p className="text-xs text-stone-600">{t("restock.receive.hint")}</p>
      <input type="hidden" name="intent" value="receive" />
      <input type="hidden" name="requestId" value={requestId} />
      <ul className="flex flex-col gap-2" data-testid="receive-lines">
        {lines.map((l) => {
          const unit = l.packUnit || "件";
          const err = errors?.fieldErrors?.[`received.${l.id}`] ?? errors?.fieldErrors?.[`damaged.${l.id}`];
          return (
            <li key={l.id} className="rounded-xl bg-white p-2 shadow-sm">
              <span className="block text-sm font-medium">{l.name}</span>
              <span className="block text-xs text-stone-600">
                {t("restock.order.shipped")} {l.shippedPacks}
                {unit}
              </span>
              <span className="mt-1 grid grid-cols-2 gap-2">
                <label className="flex flex-col text-xs text-stone-600">
                  {t("restock.order.received")}（{unit}）
                  <input
                    name={`received.${l.id}`}
                    inputMode="numeric"
                    autoComplete="off"
                    defaultValue={value(`received.${l.id}`, String(l.shippedPacks))}
                    className={`${input} ${err ? "border-red-600 bg-red-50" : "border-stone-300"}`}
                  />
                </label>
                <label className="flex flex-col text-xs text-stone-600">
                  {t("restock.order.damaged")}（{unit}）
                  <input
                    name={`damaged.${l.id}`}
                    inputMode="numeric"
                    autoComplete="off"
                    defaultValue={value(`damaged.${l.id}`, "0")}
                    className={`${input} border-stone-300`}
                  />
                </label>
              </span>
              {err ? (
                <span role="alert" className="block text-xs text-red-700">
                  {err}
                </span>
              ) : null}
              <CarriedLots lots={l.lots} />
              {l.lots?.some((lot) => lot.batchNo || lot.expiryDate) ? null : (
                <details className="mt-1 text-xs text-stone-600">
                  <summary className="min-h-9 cursor-pointer py-2">{t("restock.receive.lotDetails")}</summary>
                  <span className="grid grid-cols-2 gap-2">
                    <label className="flex flex-col">
                      {t("restock.receive.batch")}
                      <input
                        name={`batch.${l.id}`}
                        maxLength={40}
                        autoComplete="off"
                        defaultValue={value(`batch.${l.id}`, "")}
                        className={`${input} border-stone-300`}
                      />
                    </label>
                    <label className="flex flex-col">
                      {t("restock.receive.expiry")}
                      <input
                        name={`expiry.${l.id}`}
                        type="date"
                        defaultValue={value(`expiry.${l.id}`, "")}
                        className={`${input} border-stone-300`}
                      />
                    </label>
                  </span>
                </details>
              )}
            </li>
          );
        })}
      </ul>
      <SubmitButton>{t("restock.receive.submit")}</SubmitButton>
    </Form>
  );
}

/** Batch and expiry carried from the warehouse (decision 040): shown, not typed. */
function CarriedLots({ lots }: { lots?: OrderLine["lots"] }) {
  const { t } = useT();
  const named = (lots ?? []).filter((l) => l.batchNo || l.expiryDate);
  if (named.length === 0) return null;
  return (
    <span className="mt-1 block text-xs text-stone-600" data-testid="carried-lots">
      {t("trace.carried")}：
      {named.map((l, i) => (
        <span key={i} className="mr-2 inline-block">
          {l.batchNo || t("trace.noBatch")} · {l.expiryDate || t("trace.noExpiry")}
        </span>
      ))}
      <span className="block text-stone-500">{t("trace.carriedHint")}</span>
    </span>
  );
}
