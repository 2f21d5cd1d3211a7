import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { Notice } from "~/components/forms";
import { Card, PriceCard, useProduceFormat } from "~/components/produce/bits";
import { DisputeList } from "~/components/produce/dispute";
import { listDisputes } from "~/domain/produce/disputes.server";
import { storeProduce } from "~/domain/produce/produce-views.server";
import { useT } from "~/i18n/use-t";
import "~/i18n/audiences/produce";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "produce.view");
  return { ...storeProduce(ctx), disputes: listDisputes(ctx) };
}

const LINK = "inline-flex min-h-11 items-center text-brand-700 underline";
const BUTTON = "flex min-h-12 items-center justify-center rounded-lg bg-brand-700 px-4 font-semibold text-white";

/** 农产品上行 at the store: the distributor's buying list, buying from farmers, sending produce up. */
export default function StoreProduce() {
  const { lists, lots, purchases, farmers, consignments, disputes } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t, money } = useT();
  const f = useProduceFormat();
  const done = params.get("done");
  const disputedStatus = new Map(disputes.map((d) => [d.purchase.id, d.status]));
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-xl font-bold">{t("produce.title")}</h1>
      {done === "offered" ? <Notice>{t("produce.offer.done")}</Notice> : null}
      {disputes.length > 0 ? (
        <section id="disputes" className="flex flex-col gap-2 rounded-xl bg-white p-3 shadow-sm">
          <h2 className="font-semibold">{t("produce.disputes.title")}</h2>
          <DisputeList disputes={disputes} />
        </section>
      ) : null}
      {lists.length === 0 ? <Card>{t("produce.list.none")}</Card> : null}
      {lists.map((list) => (
        <Card key={list.id} testId="buying-list">
          <h2 className="font-semibold">
            {list.title} · {list.distributorName}
          </h2>
          <p className="text-sm text-stone-600">
            {t("produce.list.pickupDays", { days: list.pickupDays.join("、") || t("produce.list.noPickup") })}
          </p>
          <PriceCard lines={list.lines} />
          <ul className="text-xs text-stone-500">
            {list.lines.map((l) => (
              <li key={l.id}>
                {t("produce.list.wants", { produce: `${l.produce} ${l.grade}`, qty: f.qty(l.unit, l.wantedQty) })}
              </li>
            ))}
          </ul>
          <div className="grid grid-cols-2 gap-2">
            <Link to={`/store/produce/buy?list=${list.id}`} className={BUTTON}>
              {t("produce.buy.title")}
            </Link>
            {list.pickupDays.length > 0 && lots.length > 0 ? (
              <Link to={`/store/produce/offer?list=${list.id}`} className={BUTTON}>
                {t("produce.offer.title")}
              </Link>
            ) : null}
          </div>
        </Card>
      ))}
      <Card testId="lots">
        <h2 className="font-semibold">{t("produce.lots.title")}</h2>
        {lots.length === 0 ? <p className="text-sm text-stone-500">{t("produce.lots.none")}</p> : null}
        {lots.filter((l) => l.farmerName !== null).length > 1 ? (
          <Link to="/store/produce/mix" className={LINK}>
            {t("produce.mix.title")}
          </Link>
        ) : null}
        <ul className="divide-y divide-stone-100 text-sm">
          {lots.map((l) => (
            <li key={l.lotId} className="flex items-center justify-between gap-2 py-1">
              <span className="min-w-0">
                {l.produce} {l.grade} · {l.farmerName ?? t("produce.lots.mixed", { number: l.certNumber ?? "" })}
                <span className="block text-xs text-stone-500">{l.batchNo}</span>
              </span>
              <span className="shrink-0 text-right tabular-nums">
                {f.qty(l.unit, l.onHand)}
                <Link to={`/store/produce/lots/${l.lotId}/certificate`} className={`${LINK} block text-xs`}>
                  {t("produce.cert.link")}
                </Link>
              </span>
            </li>
          ))}
        </ul>
      </Card>
      <Card testId="consignments">
        <h2 className="font-semibold">{t("produce.consignments.title")}</h2>
        {consignments.length === 0 ? <p className="text-sm text-stone-500">{t("produce.consignments.none")}</p> : null}
        <ul className="divide-y divide-stone-100 text-sm">
          {consignments.map((c) => (
            <li key={c.id} className="py-2">
              <p className="flex justify-between gap-2">
                <span>
                  {c.pickupDate} · {c.otherName}
                </span>
                <span className="font-semibold" data-testid="consignment-status">
                  {t(`produce.status.${c.status}`)}
                </span>
              </p>
              <ul className="text-xs text-stone-600">
                {c.lines.map((l) => (
                  <li key={l.id}>
                    {l.produce} {l.grade} · {f.qty(l.unit, l.pickedQty ?? l.offeredQty)}
                    {l.result ? ` · ${t(`produce.result.${l.result}`)}` : ""}
                    {l.newGrade ? ` → ${l.newGrade}` : ""}
                    {l.amountFen !== null && l.result !== "rejected" ? ` · ${money(l.amountFen)}` : ""}
                    {l.rejectReason ? ` · ${l.rejectReason}` : ""}
                  </li>
                ))}
              </ul>
              {c.settledFen !== null ? (
                <p className="text-sm font-semibold" data-testid="settled">
                  {t("produce.settled", { amount: money(c.settledFen) })}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      </Card>
      <Card testId="farmers">
        <h2 className="font-semibold">{t("produce.farmers.title")}</h2>
        {farmers.length === 0 ? <p className="text-sm text-stone-500">{t("produce.farmers.none")}</p> : null}
        <ul className="divide-y divide-stone-100 text-sm">
          {farmers.map((fa) => (
            <li key={fa.id} className="flex items-center justify-between gap-2">
              <Link to={`/store/produce/farmers/${fa.id}`} className={LINK}>
                {fa.name} · {fa.village}
              </Link>
              <span className={`tabular-nums ${fa.owedFen > 0 ? "font-semibold text-red-700" : ""}`}>
                {fa.owedFen > 0
                  ? t("produce.farmers.owed", { amount: money(fa.owedFen) })
                  : t("produce.farmers.settled")}
              </span>
            </li>
          ))}
        </ul>
      </Card>
      <Card testId="purchases">
        <h2 className="font-semibold">{t("produce.purchases.title")}</h2>
        <ul className="divide-y divide-stone-100 text-sm">
          {purchases.map(({ purchase: p, farmerName }) => (
            <li key={p.id} className="flex items-center justify-between gap-2">
              <Link to={`/store/produce/purchases/${p.id}`} className={LINK}>
                {farmerName} · {p.produce} {p.grade}
              </Link>
              <span className="text-right tabular-nums">
                {money(p.amountFen)} · {t(`produce.payment.${p.payment}`)}
                {disputedStatus.get(p.id) ? (
                  <span
                    className={`block text-xs font-semibold ${disputedStatus.get(p.id) === "open" ? "text-amber-700" : "text-stone-500"}`}
                    data-testid="purchase-disputed"
                  >
                    {t("produce.dispute.title")} · {t(`produce.dispute.status.${disputedStatus.get(p.id)!}`)}
                  </span>
                ) : null}
              </span>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
