import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireStoreContext } from "~/auth/guard.server";
import { Notice } from "~/components/forms";
import { MovementList } from "~/components/movement-list";
import { getProductDetail } from "~/domain/inventory/get-product.server";
import { load } from "~/http/errors.server";
import { useT } from "~/i18n/use-t";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireStoreContext(request);
  return load(ctx.locale, () => getProductDetail(ctx, params.productId ?? ""));
}

export default function ProductDetail() {
  const { product, lots, movements } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t, money, number } = useT();
  const marginPct = product.priceFen > 0 ? Math.round(((product.priceFen - product.costFen) / product.priceFen) * 100) : 0;
  const done = params.get("done");
  return (
    <div className="flex flex-col gap-4">
      {done === "received" || done === "adjusted" || done === "saved" ? (
        <Notice>{done === "received" ? t("receive.done", { qty: `${params.get("qty")}${product.baseUnit}` }) : done === "adjusted" ? t("adjust.done") : t("toast.saved")}</Notice>
      ) : null}
      <section className="rounded-xl bg-white p-4 shadow-sm">
        <h1 className="text-xl font-bold">{product.name}</h1>
        <p className="text-sm text-stone-500">
          {product.barcode ?? t("product.barcodeHint")} · {product.category}
          {product.active ? "" : ` · ${t("products.inactive")}`}
        </p>
        <dl className="mt-3 grid grid-cols-3 gap-2 text-center">
          <div>
            <dt className="text-xs text-stone-500">{t("products.onHand")}</dt>
            <dd className={`text-2xl font-bold tabular-nums ${product.onHand < 0 ? "text-red-700" : ""}`} data-testid="on-hand">
              {number(product.onHand)}
              <span className="text-sm font-normal">{product.baseUnit}</span>
            </dd>
          </div>
          <div>
            <dt className="text-xs text-stone-500">{t("product.price")}</dt>
            <dd className="text-lg font-semibold tabular-nums">{money(product.priceFen)}</dd>
          </div>
          <div>
            <dt className="text-xs text-stone-500">{t("product.margin")}</dt>
            <dd className="text-lg font-semibold tabular-nums">{marginPct}%</dd>
          </div>
        </dl>
        <p className="mt-2 text-xs text-stone-500">
          {t("product.cost")}: {money(product.costFen)}
          {product.packUnit
            ? ` · ${t("product.packDescription", { packUnit: product.packUnit, packSize: product.packSize, baseUnit: product.baseUnit })}`
            : ""}
          {` · ${t("product.reorderPoint")}: ${product.reorderPoint}`}
        </p>
      </section>
      <div className="grid grid-cols-3 gap-2">
        <Link to="receive" className="flex min-h-12 items-center justify-center rounded-lg bg-brand-700 font-semibold text-white">
          {t("receive.title")}
        </Link>
        <Link to="adjust" className="flex min-h-12 items-center justify-center rounded-lg bg-white shadow-sm">
          {t("adjust.title")}
        </Link>
        <Link to="edit" className="flex min-h-12 items-center justify-center rounded-lg bg-white shadow-sm">
          {t("products.edit")}
        </Link>
      </div>
      {lots.length > 0 ? (
        <section className="rounded-xl bg-white p-4 shadow-sm">
          <h2 className="mb-2 font-semibold">{t("product.lots")}</h2>
          <ul className="divide-y divide-stone-100 text-sm">
            {lots.map((lot) => (
              <li key={lot.id} className="flex justify-between py-2">
                <span>
                  {lot.batchNo || t("product.lotNone")}
                  {lot.expiryDate ? ` · ${t("products.expiresOn", { date: lot.expiryDate })}` : ""}
                </span>
                <span className="tabular-nums">
                  {number(lot.onHand)}
                  {product.baseUnit}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="rounded-xl bg-white p-4 shadow-sm">
        <h2 className="mb-2 font-semibold">{t("product.history")}</h2>
        <MovementList movements={movements} unit={product.baseUnit} />
      </section>
    </div>
  );
}
