import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { FigureCell, PlaceName, PoolNote } from "~/components/county/figure";
import { countyHome } from "~/domain/county/figures.server";
import { OTHER_CATEGORY } from "~/domain/county/categories";
import { useT } from "~/i18n/use-t";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "county.home");
  return countyHome(ctx);
}

const th = "px-2 py-2 text-right font-medium whitespace-nowrap";
const thFirst = "px-2 py-2 text-left font-medium whitespace-nowrap";

/** The bureau's home: the count list, the delivery network, shop health by township, the trend. */
export default function CountyHomePage() {
  const home = useLoaderData<typeof loader>();
  const { t } = useT();
  const min = home.minStores;
  // Each township's figures, then the county's on a last, bold row (the health and network tables).
  const withTotal = [
    ...home.townships,
    { place: "county", name: t("county.counts.total"), members: [], ...home.county },
  ];
  const published = home.months.length;
  const sum = (k: "stores" | "inAlliance" | "linked" | "consenting") => home.counts.reduce((n, r) => n + r[k], 0);
  return (
    <>
      <h1 className="text-xl font-bold">{t("county.home.title", { county: home.countyName })}</h1>
      <p className="text-sm text-stone-600">
        {home.month
          ? t("county.home.month", { month: home.month, stores: home.publishedStores })
          : t("county.home.noMonth")}
      </p>
      <p className="text-xs text-stone-500">{t("county.rule", { min })}</p>

      <section className="flex flex-col gap-2" aria-labelledby="counts">
        <h2 id="counts" className="font-semibold">
          {t("county.counts.title")}
        </h2>
        <div className="overflow-x-auto rounded-xl bg-white shadow-sm">
          <table className="w-full text-sm" data-testid="counts">
            <thead className="bg-stone-50 text-stone-600">
              <tr>
                <th className={thFirst}>{t("county.counts.township")}</th>
                <th className={th}>{t("county.counts.stores")}</th>
                <th className={th}>{t("county.counts.inAlliance")}</th>
                <th className={th}>{t("county.counts.linked")}</th>
                <th className={th}>{t("county.counts.consenting")}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-stone-100">
              {home.counts.map((r) => (
                <tr key={r.place}>
                  <td className="px-2 py-2">{r.name || t("county.counts.unplaced")}</td>
                  <td className="px-2 py-2 text-right tabular-nums">{r.stores}</td>
                  <td className="px-2 py-2 text-right tabular-nums">{r.inAlliance}</td>
                  <td className="px-2 py-2 text-right tabular-nums">{r.linked}</td>
                  <td className="px-2 py-2 text-right tabular-nums">{r.consenting}</td>
                </tr>
              ))}
              <tr className="font-semibold">
                <td className="px-2 py-2">{t("county.counts.total")}</td>
                <td className="px-2 py-2 text-right tabular-nums">{sum("stores")}</td>
                <td className="px-2 py-2 text-right tabular-nums">{sum("inAlliance")}</td>
                <td className="px-2 py-2 text-right tabular-nums">{sum("linked")}</td>
                <td className="px-2 py-2 text-right tabular-nums">{sum("consenting")}</td>
              </tr>
            </tbody>
          </table>
        </div>
      </section>

      <section className="flex flex-col gap-2 rounded-xl bg-white p-3 shadow-sm">
        <h2 className="font-semibold">{t("county.dist.title")}</h2>
        <p className="text-sm" data-testid="distributors">
          {home.distributors.consenting > 0
            ? t("county.dist.summary", {
                n: home.distributors.distributors,
                consenting: home.distributors.consenting,
                routes: home.distributors.routes,
                villages: home.distributors.villagesOnRoute,
              })
            : t("county.dist.none", { n: home.distributors.distributors })}
        </p>
      </section>

      {home.month ? (
        <section className="flex flex-col gap-2" aria-labelledby="health">
          <h2 id="health" className="font-semibold">
            {t("county.health.title", { month: home.month })}
          </h2>
          <div className="overflow-x-auto rounded-xl bg-white shadow-sm">
            <table className="w-full text-sm" data-testid="health">
              <thead className="bg-stone-50 text-stone-600">
                <tr>
                  <th className={thFirst}>{t("county.counts.township")}</th>
                  <th className={th} title={t("county.health.salesIndexHint")}>
                    {t("county.health.salesIndex")}
                  </th>
                  <th className={th}>{t("county.health.creditShare")}</th>
                  <th className={th}>{t("county.health.stockoutRate")}</th>
                  <th className={th} title={t("county.health.basketHint")}>
                    {t("county.health.basketIndex")}
                  </th>
                  <th className={th}>{t("county.health.restock")}</th>
                  <th className={th}>{t("county.health.selling")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-stone-100">
                {withTotal.map((r) => (
                  <tr key={r.place} className={r.place === "county" ? "font-semibold" : ""}>
                    <PlaceName row={r} />
                    <FigureCell f={r.salesIndex} kind="index" minStores={min} />
                    <FigureCell f={r.creditShare} kind="permille" minStores={min} />
                    <FigureCell f={r.stockoutRate} kind="permille" minStores={min} />
                    <FigureCell f={r.basketIndex} kind="index" minStores={min} />
                    <FigureCell f={r.restockFen} kind="money" minStores={min} />
                    <FigureCell f={r.sellingStores} kind="count" minStores={min} />
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <PoolNote rows={home.townships} />
          <p className="text-xs text-stone-500">
            {t("county.health.salesIndex")}: {t("county.health.salesIndexHint")}. {t("county.health.basketIndex")}:{" "}
            {t("county.health.basketHint")}.
          </p>
        </section>
      ) : null}

      {home.month ? (
        <section className="flex flex-col gap-2" aria-labelledby="network">
          <h2 id="network" className="font-semibold">
            {t("county.net.title", { month: home.month })}
          </h2>
          <div className="overflow-x-auto rounded-xl bg-white shadow-sm">
            <table className="w-full text-sm" data-testid="network">
              <thead className="bg-stone-50 text-stone-600">
                <tr>
                  <th className={thFirst}>{t("county.counts.township")}</th>
                  <th className={th}>{t("county.net.perWeek")}</th>
                  <th className={th}>{t("county.net.onTime")}</th>
                  <th className={th}>{t("county.net.fill")}</th>
                  <th className={th}>{t("county.net.stopped")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-stone-100">
                {withTotal.map((r) => (
                  <tr key={r.place} className={r.place === "county" ? "font-semibold" : ""}>
                    <PlaceName row={r} />
                    <FigureCell f={r.deliveriesPerWeek} kind="tenths" minStores={min} />
                    <FigureCell f={r.onTimeRate} kind="permille" minStores={min} />
                    <FigureCell f={r.fillRate} kind="permille" minStores={min} />
                    <FigureCell f={r.stoppedStores} kind="count" minStores={min} />
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="text-xs text-stone-500">{t("county.net.hint")}</p>
        </section>
      ) : null}

      {home.month ? (
        <section className="flex flex-col gap-2" aria-labelledby="goods">
          <h2 id="goods" className="font-semibold">
            {t("county.goods.byCategory", { month: home.month })}
          </h2>
          {home.goods.categories.length === 0 ? (
            <p className="text-sm text-stone-600">{t("county.goods.none")}</p>
          ) : null}
          <div className="overflow-x-auto rounded-xl bg-white shadow-sm">
            <table className="w-full text-sm" data-testid="goods">
              <thead className="bg-stone-50 text-stone-600">
                <tr>
                  <th className={thFirst}>{t("county.counts.township")}</th>
                  {home.goods.categories.map((c) => (
                    <th key={c} className={th}>
                      {c === OTHER_CATEGORY ? t("county.goods.other") : c === "" ? t("county.goods.uncategorised") : c}
                    </th>
                  ))}
                  <th className={th}>{t("county.campaign.saved")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-stone-100">
                {home.goods.rows.map((r, i) => {
                  const health = i < home.townships.length ? home.townships[i] : home.county;
                  const row = r.place === "county" ? { ...r, name: t("county.counts.total") } : r;
                  return (
                    <tr key={r.place} className={r.place === "county" ? "font-semibold" : ""}>
                      <PlaceName row={row} />
                      {r.values.map((f, k) => (
                        <FigureCell key={home.goods.categories[k]} f={f} kind="money" minStores={min} />
                      ))}
                      <FigureCell f={health.savedFen} kind="money" minStores={min} />
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <p className="text-xs text-stone-500">{t("county.campaign.hint")}</p>
        </section>
      ) : null}

      {published > 0 ? (
        <section className="flex flex-col gap-2" aria-labelledby="trend">
          <h2 id="trend" className="font-semibold">
            {t("county.trend.title")}
          </h2>
          <div className="overflow-x-auto rounded-xl bg-white shadow-sm">
            <table className="w-full text-sm" data-testid="trend">
              <thead className="bg-stone-50 text-stone-600">
                <tr>
                  <th className={thFirst}>{t("county.trend.month")}</th>
                  <th className={th}>{t("county.health.salesIndex")}</th>
                  <th className={th}>{t("county.goods.title")}</th>
                  <th className={th}>{t("county.health.creditShare")}</th>
                  <th className={th}>{t("county.campaign.saved")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-stone-100">
                {home.trend.map((r) => (
                  <tr key={r.month}>
                    <td className="px-2 py-2 tabular-nums">{r.month}</td>
                    <FigureCell f={r.salesIndex} kind="index" minStores={min} />
                    <FigureCell f={r.restockFen} kind="money" minStores={min} />
                    <FigureCell f={r.creditShare} kind="permille" minStores={min} />
                    <FigureCell f={r.savedFen} kind="money" minStores={min} />
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      <section className="flex flex-col gap-2 rounded-xl bg-white p-3 shadow-sm">
        <h2 className="font-semibold">{t("county.produce.title")}</h2>
        <p className="text-sm text-stone-600" data-testid="produce">
          {t("county.produce.none")}
        </p>
      </section>
    </>
  );
}
