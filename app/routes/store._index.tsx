import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { ScanSearch } from "~/components/scan-search";
import { stockSummary } from "~/domain/inventory/list-products.server";
import { unreadNotices } from "~/domain/alliances/notices.server";
import { NoticeList } from "~/components/pledges/notice-list";
import { RecallNotices } from "~/components/recall/recall-notices";
import { storeRecallNotices } from "~/domain/recall/list-recalls.server";
import { DisputeNotice } from "~/components/produce/dispute-notice";
import { openDisputeCount } from "~/domain/produce/disputes.server";
import { may } from "~/domain/permission-check.server";
import { useT } from "~/i18n/use-t";
import "~/i18n/audiences/store-home";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "store.home");
  return {
    summary: stockSummary(ctx),
    storeName: ctx.org.name,
    notices: unreadNotices(ctx),
    mayShare: may(ctx, "consent.view"),
    recalls: storeRecallNotices(ctx),
    openDisputes: openDisputeCount(ctx),
  };
}

export default function StoreHome() {
  const { summary, storeName, notices, mayShare, recalls, openDisputes } = useLoaderData<typeof loader>();
  const { t, money, number } = useT();
  const tiles = [
    { label: t("home.stats.products"), value: number(summary.products), to: "/store/products" },
    { label: t("home.stats.stockValue"), value: money(summary.stockValueFen), to: "/store/products" },
    { label: t("home.stats.low"), value: number(summary.low), to: "/store/products?filter=low", warn: summary.low > 0 },
    {
      label: t("home.stats.expiring"),
      value: number(summary.expiring),
      to: "/store/products?filter=expiring",
      warn: summary.expiring > 0,
    },
  ];
  return (
    <div className="flex flex-col gap-4">
      <RecallNotices notices={recalls} />
      <DisputeNotice count={openDisputes} />
      <h1 className="text-xl font-bold">{storeName}</h1>
      <NoticeList notices={notices} />
      <ScanSearch then="receive" label={t("home.scanToReceive")} />
      <div className="grid grid-cols-2 gap-3" data-testid="store-stats">
        {tiles.map((tile) => (
          <Link
            key={tile.label}
            to={tile.to}
            className={`rounded-xl bg-white p-3 shadow-sm ${tile.warn ? "ring-2 ring-amber-400" : ""}`}
          >
            <span className="block text-xs text-stone-500">{tile.label}</span>
            <span className="block text-xl font-bold tabular-nums">{tile.value}</span>
          </Link>
        ))}
      </div>
      <Link
        to="/store/analysis"
        className="flex min-h-12 items-center gap-2 rounded-xl bg-white px-3 py-2 shadow-sm"
        data-testid="analysis-tile"
      >
        <span className="flex-1">
          <span className="block font-semibold text-brand-700">{t("analysis.home")}</span>
          <span className="block text-xs text-stone-500">{t("analysis.homeHint")}</span>
        </span>
        <span aria-hidden className="text-stone-400">
          ›
        </span>
      </Link>
      <Link
        to="/store/restock"
        className="flex min-h-12 items-center justify-center rounded-lg bg-brand-700 font-semibold text-white shadow-sm"
      >
        {t("restock.home")}
      </Link>
      <Link
        to="/store/restock/suggestions"
        className="flex min-h-12 items-center justify-center rounded-lg bg-white font-semibold text-brand-700 shadow-sm"
      >
        {t("suggestions.homeLink")}
      </Link>
      <Link
        to="/store/produce"
        className="flex min-h-12 items-center justify-center rounded-lg bg-white font-semibold text-brand-700 shadow-sm"
      >
        {t("produce.homeLink")}
      </Link>
      <div className="grid grid-cols-2 gap-3">
        <Link to="/store/sales" className="flex min-h-12 items-center justify-center rounded-lg bg-white shadow-sm">
          {t("nav.sales")}
        </Link>
        <Link to="/store/customers" className="flex min-h-12 items-center justify-center rounded-lg bg-white shadow-sm">
          {t("nav.credit")}
        </Link>
        <Link
          to="/store/products/new"
          className="flex min-h-12 items-center justify-center rounded-lg bg-white shadow-sm"
        >
          + {t("products.new")}
        </Link>
        <Link to="/store/count" className="flex min-h-12 items-center justify-center rounded-lg bg-white shadow-sm">
          {t("count.title")}
        </Link>
        <Link to="/store/import" className="flex min-h-12 items-center justify-center rounded-lg bg-white shadow-sm">
          {t("nav.import")}
        </Link>
        <a
          href="/store/export/stock.csv"
          className="flex min-h-12 items-center justify-center rounded-lg bg-white shadow-sm"
          download
        >
          {t("export.stock")}
        </a>
        <Link to="/store/suppliers" className="flex min-h-12 items-center justify-center rounded-lg bg-white shadow-sm">
          {t("suppliers.home")}
        </Link>
        <Link
          to="/store/alliances/campaigns"
          className="flex min-h-12 items-center justify-center rounded-lg bg-white shadow-sm"
        >
          {t("pledge.home")}
        </Link>
        <Link to="/store/alliances" className="flex min-h-12 items-center justify-center rounded-lg bg-white shadow-sm">
          {t("alliance.store.title")}
        </Link>
        {mayShare ? (
          <Link to="/store/county" className="flex min-h-12 items-center justify-center rounded-lg bg-white shadow-sm">
            {t("county.consent.nav")}
          </Link>
        ) : null}
      </div>
    </div>
  );
}
