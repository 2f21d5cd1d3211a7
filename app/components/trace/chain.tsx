import { Link } from "@remix-run/react";
import { BackLink } from "~/components/page-top";
import { useT } from "~/i18n/use-t";
import type { MessageKey } from "~/i18n/messages";
import type { ChainRow } from "~/domain/trace/chain-types";

// The lot chain page's parts (decision 040), shared by the store's and the distributor's routes.

/** A chain row as the page receives it (the step as plain text, the document id left out). */
export type ChainRowView = Omit<ChainRow, "step" | "document"> & { step: string };

export type ChainView = {
  lot: { id: string; batchNo: string; expiryDate: string; onHand: number; product: string; unit: string };
  holder: { name: string };
  up: ChainRowView[];
  down: ChainRowView[];
  salesHidden: boolean;
};

function Row({ row }: { row: ChainRowView }) {
  const { t, number } = useT();
  const detail = [
    row.who,
    row.what,
    row.batchNo ? `${t("trace.sheet.batch")} ${row.batchNo}` : "",
    row.expiryDate ? `${t("trace.expiry")} ${row.expiryDate}` : "",
    row.certificate ? t("trace.certNo", { number: row.certificate }) : "",
  ].filter(Boolean);
  const body = (
    <span className="flex flex-col gap-0.5">
      <span className="flex items-baseline justify-between gap-2">
        <span className="font-medium">{t(`trace.step.${row.step}` as MessageKey)}</span>
        <span className="shrink-0 text-xs text-stone-500 tabular-nums">{row.date}</span>
      </span>
      <span className="text-sm break-words text-stone-700">{detail.join(" · ")}</span>
      {row.qty !== null ? (
        <span className="text-sm tabular-nums">{t("trace.qty", { qty: number(row.qty), unit: row.unit })}</span>
      ) : null}
    </span>
  );
  return (
    <li className="relative border-l-4 border-brand-200 bg-white p-2 pl-3" data-step={row.step}>
      {row.link ? (
        <Link to={row.link} className="block min-h-11 text-inherit no-underline">
          {body}
        </Link>
      ) : (
        body
      )}
    </li>
  );
}

/**
 * One chain page, whoever's it is (store lot, warehouse lot, the alliance's supplier batch): a
 * link back to the list, the chain. The routes differ only in their guard and domain call.
 */
export function ChainPage({
  chain,
  base,
  back,
  actions = true,
}: {
  chain: ChainView;
  base: string;
  back: string;
  actions?: boolean;
}) {
  const { t } = useT();
  return (
    <div className="flex flex-col gap-3">
      <BackLink to={back}>{t(actions ? "trace.lots" : "trace.batches")}</BackLink>
      <LotChainView chain={chain} base={base} actions={actions} />
    </div>
  );
}

export function LotChainView({ chain, base, actions = true }: { chain: ChainView; base: string; actions?: boolean }) {
  const { t, number } = useT();
  const { lot } = chain;
  return (
    <div className="flex max-w-2xl flex-col gap-3" data-testid="lot-chain">
      <div className="flex flex-col gap-0.5">
        <h1 className="text-xl font-bold">{t("trace.title")}</h1>
        <p className="font-medium break-words">{lot.product}</p>
        <p className="text-sm text-stone-600">
          {t("trace.sheet.batch")} {lot.batchNo || t("trace.noBatch")} · {t("trace.expiry")}{" "}
          {lot.expiryDate || t("trace.noExpiry")} · {t(actions ? "trace.onHand" : "trace.batchReceived")}{" "}
          {t("trace.qty", { qty: number(lot.onHand), unit: lot.unit })}
        </p>
      </div>
      {actions ? (
        <div className="flex flex-wrap gap-2">
          <a
            href={`${base}/lots/${lot.id}/export.xlsx`}
            className="flex min-h-11 items-center rounded-lg bg-brand-700 px-3 text-sm font-medium text-white"
          >
            {t("trace.export")}
          </a>
          <Link
            to={`${base}/lots/${lot.id}/label`}
            className="flex min-h-11 items-center rounded-lg border border-stone-300 bg-white px-3 text-sm font-medium"
          >
            {t("trace.label")}
          </Link>
        </div>
      ) : null}
      <section className="flex flex-col gap-1">
        <h2 className="font-semibold">{t("trace.upstream")}</h2>
        {chain.up.length ? (
          <ol className="flex flex-col gap-1" data-testid="chain-up">
            {chain.up.map((r, i) => (
              <Row key={i} row={r} />
            ))}
          </ol>
        ) : (
          <p className="text-sm text-stone-500">{t("trace.upstreamNone")}</p>
        )}
      </section>
      <p className="rounded-lg bg-brand-50 p-2 text-sm font-semibold" data-testid="chain-self">
        ▼ {chain.holder.name} · {t("trace.lot")} {lot.batchNo || t("trace.noBatch")}
      </p>
      <section className="flex flex-col gap-1">
        <h2 className="font-semibold">{t("trace.downstream")}</h2>
        {chain.down.length ? (
          <ol className="flex flex-col gap-1" data-testid="chain-down">
            {chain.down.map((r, i) => (
              <Row key={i} row={r} />
            ))}
          </ol>
        ) : (
          <p className="text-sm text-stone-500">{t("trace.downstreamNone")}</p>
        )}
        {chain.salesHidden ? <p className="text-xs text-stone-500">{t("trace.salesHidden")}</p> : null}
      </section>
    </div>
  );
}

export type LotListItem = {
  id: string;
  batchNo: string;
  expiryDate: string;
  onHand: number;
  product: string;
  unit: string;
};

export function LotList({ lots, base }: { lots: LotListItem[]; base: string }) {
  const { t, number } = useT();
  return (
    <div className="flex max-w-2xl flex-col gap-3">
      <h1 className="text-xl font-bold">{t("trace.lots")}</h1>
      {lots.length === 0 ? <p className="text-sm text-stone-500">{t("trace.lotsNone")}</p> : null}
      <ul className="divide-y divide-stone-100 rounded-xl bg-white shadow-sm" data-testid="lot-list">
        {lots.map((l) => (
          <li key={l.id}>
            <Link to={`${base}/lots/${l.id}`} className="flex min-h-12 flex-col p-2 text-inherit no-underline">
              <span className="font-medium break-words">{l.product}</span>
              <span className="text-xs text-stone-600">
                {l.batchNo || t("trace.noBatch")} · {l.expiryDate || t("trace.noExpiry")} ·{" "}
                {t("trace.qty", { qty: number(l.onHand), unit: l.unit })}
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

export type BatchListItem = {
  id: string;
  batchNo: string;
  expiryDate: string;
  product: string;
  supplier: string;
};

/** (recallui) The alliance's supplier batches: each opens its chain. */
export function BatchList({ batches, base }: { batches: BatchListItem[]; base: string }) {
  const { t } = useT();
  return (
    <div className="flex max-w-2xl flex-col gap-3">
      <h1 className="text-xl font-bold">{t("trace.batches")}</h1>
      <p className="text-sm text-stone-600">{t("trace.batchesIntro")}</p>
      {batches.length === 0 ? <p className="text-sm text-stone-500">{t("trace.batchesNone")}</p> : null}
      <ul className="divide-y divide-stone-100 rounded-xl bg-white shadow-sm" data-testid="batch-list">
        {batches.map((b) => (
          <li key={b.id}>
            <Link to={`${base}/batches/${b.id}`} className="flex min-h-12 flex-col p-2 text-inherit no-underline">
              <span className="font-medium break-words">{b.product}</span>
              <span className="text-xs break-words text-stone-600">
                {t("trace.batchReceivedBy", { supplier: b.supplier, batch: b.batchNo })} ·{" "}
                {b.expiryDate || t("trace.noExpiry")}
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
