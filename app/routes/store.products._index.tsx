import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { ScanSearch } from "~/components/scan-search";
import { StockBadge } from "~/components/stock-badge";
import { normaliseBarcode } from "~/domain/inventory/barcode";
import { findByBarcode, listProducts, type ProductFilter } from "~/domain/inventory/list-products.server";
import { useT } from "~/i18n/use-t";
import { QuarantineLine } from "~/components/recall/quarantine-line";
import { quarantineOfProducts } from "~/domain/recall/quarantine-view.server";
import "~/i18n/audiences/store-stock";

const FILTERS: ProductFilter[] = ["all", "low", "expiring"];
const PAGE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "product.view");
  const url = new URL(request.url);
  const q = (url.searchParams.get("q") ?? "").slice(0, 60);
  const filterParam = url.searchParams.get("filter");
  const filter = FILTERS.find((f) => f === filterParam) ?? "all";
  const limit = Math.min(Number(url.searchParams.get("limit")) || PAGE, 1000);

  // A scanned code that names exactly one product goes straight to it, even when the scanner
  // typed it onto the end (or start) of the last search still in the box ("ksf6901234567892"):
  // without JavaScript nothing clears the box before the next scan.
  const scanned = q ? (findByBarcode(ctx, q) ?? findScannedInside(ctx, q)) : null;
  if (scanned) {
    const then = url.searchParams.get("then") === "receive" ? "/receive" : "";
    throw redirect(`/store/products/${scanned.id}${then}`);
  }
  // An unknown code (a scan of something new on the shelf) is offered as a new product.
  const unknownCode = q ? normaliseBarcode(q) : null;
  const list = listProducts(ctx, { q, filter, limit });
  // Recalled units are kept apart from what can be sold (decision 047).
  const quarantine = quarantineOfProducts(
    ctx,
    list.items.map((p) => p.id),
  );
  return { q, filter, limit, unknownCode, ...list, quarantine };
}

/** The code a scanner added to leftover digits or words: the run itself, or a code at either end of it. */
function findScannedInside(ctx: Parameters<typeof findByBarcode>[0], q: string) {
  for (const run of q.match(/\d{8,}/g) ?? []) {
    const ends = [13, 12, 8].flatMap((n) => (run.length > n ? [run.slice(-n), run.slice(0, n)] : []));
    for (const code of new Set([run, ...ends])) {
      if (code === q) continue;
      const found = findByBarcode(ctx, code);
      if (found) return found;
    }
  }
  return null;
}

export default function Products() {
  const { q, filter, limit, unknownCode, items, total, today, quarantine } = useLoaderData<typeof loader>();
  const { t, money, number } = useT();
  const filterHref = (f: ProductFilter) =>
    `?${new URLSearchParams({ ...(q ? { q } : {}), ...(f === "all" ? {} : { filter: f }) })}`;
  return (
    <div className="flex flex-col gap-3">
      <div className="flex items-center justify-between">
        <h1 className="text-xl font-bold">{t("products.title")}</h1>
        <Link
          to="/store/products/new"
          className="flex min-h-11 items-center rounded-lg bg-white px-3 text-sm shadow-sm"
        >
          + {t("products.new")}
        </Link>
      </div>
      {/* Ready for the scanner on the plain list; results or a filter are for reading, where a popped-up keyboard only hides them. */}
      <ScanSearch defaultValue={q} autoFocus={filter === "all" && !q} />
      <nav className="flex gap-2" aria-label={t("products.filter.label")}>
        {FILTERS.map((f) => (
          <Link
            key={f}
            to={filterHref(f)}
            aria-current={f === filter ? "page" : undefined}
            className={`flex min-h-11 items-center rounded-full px-4 text-sm ${f === filter ? "bg-brand-700 text-white" : "bg-white text-stone-700"}`}
          >
            {t(`products.filter.${f}`)}
          </Link>
        ))}
      </nav>
      {items.length === 0 ? (
        <div className="flex flex-col items-center gap-3 py-6 text-center">
          <p className="text-stone-500">
            {unknownCode ? t("products.unknownCode", { code: unknownCode }) : t("products.empty")}
          </p>
          {unknownCode ? (
            <Link
              to={`/store/products/new?${new URLSearchParams({ barcode: unknownCode })}`}
              className="flex min-h-12 items-center rounded-lg bg-brand-700 px-4 font-semibold text-white"
            >
              + {t("products.newWithCode")}
            </Link>
          ) : null}
        </div>
      ) : (
        <p className="text-sm text-stone-500">{t("products.count", { count: number(total) })}</p>
      )}
      {items.length === 0 ? null : (
        <ul className="flex flex-col divide-y divide-stone-200 overflow-hidden rounded-xl bg-white shadow-sm">
          {items.map((p) => (
            <li key={p.id}>
              <Link to={`/store/products/${p.id}`} className="flex min-h-16 items-center gap-3 px-3 py-2">
                <span className="min-w-0 flex-1">
                  <span className={`block truncate font-medium ${p.active ? "" : "text-stone-400 line-through"}`}>
                    {p.name}
                  </span>
                  <span className="block truncate text-xs text-stone-500">
                    {money(p.priceFen)} · {p.barcode ?? p.category}
                  </span>
                  <QuarantineLine quarantined={quarantine[p.id]} unit={p.baseUnit} />
                </span>
                <StockBadge
                  onHand={p.onHand - (quarantine[p.id]?.units ?? 0)}
                  reorderPoint={p.reorderPoint}
                  unit={p.baseUnit}
                  nextExpiry={p.nextExpiry}
                  expiresSoon={p.expiresSoon}
                  today={today}
                />
              </Link>
            </li>
          ))}
        </ul>
      )}
      {total > items.length ? (
        <Link
          to={`?${new URLSearchParams({ ...(q ? { q } : {}), ...(filter === "all" ? {} : { filter }), limit: String(limit + PAGE) })}`}
          className="flex min-h-12 items-center justify-center rounded-lg bg-white shadow-sm"
        >
          {t("products.more")}
        </Link>
      ) : null}
    </div>
  );
}
