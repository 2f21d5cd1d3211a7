import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { BackLink } from "~/components/page-top";
import { Notice } from "~/components/forms";
import { MovementList } from "~/components/movement-list";
import { QuarantineLine, QuarantinedLotTag } from "~/components/recall/quarantine-line";
import { getProductDetail } from "~/domain/inventory/get-product.server";
import { quarantinedLotsOf } from "~/domain/recall/quarantine-view.server";
import { ADJUSTMENT_REASONS, type AdjustmentReason } from "~/domain/inventory/kinds";
import { load } from "~/http/errors.server";
import { useT } from "~/i18n/use-t";
import "~/i18n/audiences/store-analysis";
import "~/i18n/audiences/store-stock";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "product.view");
  const detail = await load(ctx.locale, () => getProductDetail(ctx, params.productId ?? ""));
  // Recalled lots are kept apart from what can be sold (decision 047).
  return { ...detail, quarantine: quarantinedLotsOf(ctx, detail.product.id) };
}

export default function ProductDetail() {
  const { product, lots, movements, quarantine } = useLoaderData<typeof loader>();
  const apart = quarantine.reduce((sum, q) => sum + q.units, 0);
  const [params] = useSearchParams();
  const { t, money, number } = useT();
  const marginPct =
    product.priceFen > 0 ? Math.round(((product.priceFen - product.costFen) / product.priceFen) * 100) : 0;
  const notice = doneNotice(params, product, t, number);
  return (
    <div className="flex flex-col gap-3">
      <BackLink to="/store/products">{t("products.title")}</BackLink>
      {notice ? <Notice>{notice}</Notice> : null}
      <section className="rounded-xl bg-white p-4 shadow-sm">
        <h1 className="text-xl font-bold">{product.name}</h1>
        <p className="text-sm text-stone-500">
          {product.barcode ?? t("product.noBarcode")} · {product.category}
          {product.active ? "" : ` · ${t("products.inactive")}`}
        </p>
        {apart > 0 ? (
          <QuarantineLine
            quarantined={{ units: apart, reason: quarantine[0].reason }}
            unit={product.baseUnit}
            sellable={product.onHand - apart}
            recallId={quarantine[0].recallId}
          />
        ) : null}
        <dl className="mt-3 grid grid-cols-3 gap-2 text-center">
          <div>
            <dt className="text-xs text-stone-500">{t("products.onHand")}</dt>
            <dd
              className={`text-2xl font-bold tabular-nums ${product.onHand < 0 ? "text-red-700" : ""}`}
              data-testid="on-hand"
            >
              {number(product.onHand)}
              <span className="text-sm font-normal">{product.baseUnit}</span>
            </dd>
          </div>
          <div>
            <dt className="text-xs text-stone-500">{t("product.priceShort")}</dt>
            <dd className="text-lg font-semibold tabular-nums">{money(product.priceFen)}</dd>
          </div>
          <div>
            <dt className="text-xs text-stone-500">{t("product.margin")}</dt>
            <dd className="text-lg font-semibold tabular-nums">{marginPct}%</dd>
          </div>
        </dl>
        <p className="mt-2 text-xs text-stone-500">
          {t("product.costShort", { cost: money(product.costFen), unit: product.baseUnit })}
          {product.packUnit
            ? ` · ${t("product.packDescription", { packUnit: product.packUnit, packSize: product.packSize, baseUnit: product.baseUnit })}`
            : ""}
          {` · ${t("product.reorderPointShort", { qty: number(product.reorderPoint), unit: product.baseUnit })}`}
        </p>
      </section>
      <div className="grid grid-cols-3 gap-2">
        {/* Centred and allowed to wrap: in English "Receive stock" is two lines in a third of 360 px. */}
        <Link
          to="receive"
          className="flex min-h-12 items-center justify-center rounded-lg bg-brand-700 px-2 text-center leading-tight font-semibold text-white"
        >
          {t("receive.title")}
        </Link>
        <Link
          to="adjust"
          className="flex min-h-12 items-center justify-center rounded-lg bg-white px-2 text-center leading-tight shadow-sm"
        >
          {t("adjust.title")}
        </Link>
        <Link
          to="edit"
          className="flex min-h-12 items-center justify-center rounded-lg bg-white px-2 text-center leading-tight shadow-sm"
        >
          {t("products.edit")}
        </Link>
      </div>
      <Link
        to="insight"
        className="flex min-h-12 items-center justify-between rounded-lg bg-white px-3 text-brand-700 shadow-sm"
      >
        <span>{t("analysis.insight.link")}</span>
        <span aria-hidden>›</span>
      </Link>
      {lots.length > 0 ? (
        <section className="rounded-xl bg-white p-4 shadow-sm">
          <h2 className="mb-2 font-semibold">{t("product.lots")}</h2>
          <ul className="divide-y divide-stone-100 text-sm">
            {lots.map((lot) => (
              <li key={lot.id} className="flex items-center justify-between gap-3 py-1">
                {/* Each lot opens its chain (issue 15, decision 040). */}
                <Link
                  to={`/store/trace/lots/${lot.id}`}
                  className="flex min-h-11 min-w-0 items-center break-words text-brand-700"
                >
                  {lot.batchNo || t("product.lotNone")}
                  {lot.expiryDate ? ` · ${t("products.expiresOn", { date: lot.expiryDate })}` : ""}
                </Link>
                <span className="shrink-0 text-right tabular-nums">
                  {number(lot.onHand)}
                  {product.baseUnit}
                  <QuarantinedLotTag lot={quarantine.find((q) => q.lotId === lot.id)} />
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

type Params = URLSearchParams;
type Product = { baseUnit: string; packUnit: string | null; packSize: number };

/**
 * What the last action did, said in full ("已入库 2箱（48袋）"), from the redirect's query: the
 * shopkeeper sees the figure they typed confirmed next to the new stock level.
 */
function doneNotice(
  params: Params,
  product: Product,
  t: ReturnType<typeof useT>["t"],
  number: (n: number) => string,
): string | null {
  const qty = Number(params.get("qty"));
  const packs = Number(params.get("packs"));
  switch (params.get("done")) {
    case "received":
      if (!Number.isSafeInteger(qty) || qty <= 0) return t("receive.doneShort");
      return packs > 0 && product.packUnit
        ? t("receive.donePacks", {
            packs: number(packs),
            packUnit: product.packUnit,
            qty: number(qty),
            unit: product.baseUnit,
          })
        : t("receive.done", { qty: number(qty), unit: product.baseUnit });
    case "adjusted": {
      const reason = params.get("reason");
      if (!Number.isSafeInteger(qty) || qty === 0 || !isReason(reason)) return t("adjust.done");
      return t("adjust.doneDetail", {
        reason: t(`reason.${reason}`),
        qty: `${qty > 0 ? "+" : ""}${number(qty)}`,
        unit: product.baseUnit,
      });
    }
    case "saved":
      return t("toast.saved");
    default:
      return null;
  }
}

function isReason(value: string | null): value is AdjustmentReason {
  return (ADJUSTMENT_REASONS as readonly string[]).includes(value ?? "");
}
