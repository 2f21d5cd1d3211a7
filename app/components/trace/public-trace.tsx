import { useT } from "~/i18n/use-t";
import type { MessageKey } from "~/i18n/messages";

// The consumer's page after scanning a label (decision 040): only what PublicTrace carries.

export type PublicTraceView = {
  product: string;
  batchNo: string;
  expiryDate: string;
  producedDate: string;
  steps: { step: "supplier" | "farm" | "warehouse" | "store"; date: string; place: string }[];
  certificates: string[];
  recall: { recalled: boolean; reason: string | null };
};

const STEP_KEY = {
  supplier: "trace.public.stepSupplier",
  farm: "trace.public.stepFarm",
  warehouse: "trace.public.stepWarehouse",
  store: "trace.public.stepStore",
} as const satisfies Record<PublicTraceView["steps"][number]["step"], MessageKey>;

function Fact({ label, value }: { label: string; value: string }) {
  if (!value) return null;
  return (
    <div className="flex justify-between gap-3 border-b border-stone-100 py-2 text-sm">
      <dt className="text-stone-600">{label}</dt>
      <dd className="text-right font-medium break-words">{value}</dd>
    </div>
  );
}

export function PublicTrace({ trace }: { trace: PublicTraceView }) {
  const { t } = useT();
  return (
    <main className="mx-auto flex max-w-md flex-col gap-3 p-3" data-testid="public-trace">
      <h1 className="text-xl font-bold">{t("trace.public.title")}</h1>
      {trace.recall.recalled ? (
        <div
          role="alert"
          className="rounded-xl border-2 border-red-700 bg-red-50 p-3 text-red-900"
          data-testid="recalled"
        >
          <p className="font-bold">{t("trace.public.recalled")}</p>
          {trace.recall.reason ? (
            <p className="text-sm">{t("trace.public.recallReason", { reason: trace.recall.reason })}</p>
          ) : null}
        </div>
      ) : null}
      <dl className="rounded-xl bg-white px-3 shadow-sm">
        <Fact label={t("trace.public.product")} value={trace.product} />
        <Fact label={t("trace.public.batch")} value={trace.batchNo} />
        <Fact label={t("trace.public.produced")} value={trace.producedDate} />
        <Fact label={t("trace.public.expiry")} value={trace.expiryDate} />
        <Fact label={t("trace.public.certificates")} value={trace.certificates.join("、")} />
      </dl>
      {trace.steps.length ? (
        <section className="flex flex-col gap-1">
          <h2 className="font-semibold">{t("trace.public.path")}</h2>
          <ol className="flex flex-col gap-1">
            {trace.steps.map((s, i) => (
              <li key={i} className="border-l-4 border-brand-200 bg-white p-2 pl-3 text-sm">
                <span className="flex justify-between gap-2">
                  <span className="font-medium">{t(STEP_KEY[s.step])}</span>
                  <span className="text-stone-500 tabular-nums">{s.date}</span>
                </span>
                {s.place ? <span className="block text-stone-700">{s.place}</span> : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      <p className="text-xs text-stone-500">{t("trace.public.footer")}</p>
    </main>
  );
}
