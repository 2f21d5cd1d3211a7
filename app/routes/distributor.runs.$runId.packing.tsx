import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { PrintFrame, paperOf } from "~/components/fulfilment/print-frame";
import { packingLists } from "~/domain/fulfilment/packing-lists.server";
import { load } from "~/http/errors.server";
import { useT } from "~/i18n/use-t";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "run.view");
  const lists = await load(ctx.locale, () => packingLists(ctx, params.runId ?? ""));
  return { ...lists, paper: paperOf(request.url) };
}

/** One packing list per store in stop order; on A4 each starts a page, to go in with the goods. */
export default function PackingPage() {
  const { run, lists, paper } = useLoaderData<typeof loader>();
  const { t, number } = useT();
  return (
    <PrintFrame paper={paper} back={`/distributor/runs/${run.id}`} backLabel={t("fulfilment.run.title")}>
      {lists.length === 0 ? <p className="text-sm">{t("fulfilment.run.noOrders")}</p> : null}
      {lists.map((list, i) => (
        <section key={list.id} className={`${i ? "print-break mt-6 pt-2" : ""}`} data-testid="packing-list">
          <h1 className="text-lg font-bold">
            {t("fulfilment.packing.heading", { stop: list.stopSeq, store: list.storeName })}
          </h1>
          <p className="text-sm">
            {run.deliveryDate} · {[list.township, list.village].filter(Boolean).join(" ")} · {list.contactPhone ?? ""}
          </p>
          <table className="mt-1 w-full border-collapse text-sm">
            <thead>
              <tr className="border-b-2 border-black text-left">
                <th className="py-1 pr-2">{t("fulfilment.col.item")}</th>
                <th className="py-1 pr-2 text-right">{t("fulfilment.col.packs")}</th>
                <th className="py-1 text-center">✓</th>
              </tr>
            </thead>
            <tbody>
              {list.lines.map((line) => (
                <tr key={line.id} className="print-keep border-b border-stone-300">
                  <td className="py-1 pr-2">
                    {line.name}
                    <span className="block text-xs text-stone-600">{line.shelfLocation || "—"}</span>
                  </td>
                  <td className="py-1 pr-2 text-right font-semibold tabular-nums whitespace-nowrap">
                    {line.pickedPacks !== null && line.pickedPacks !== line.qtyPacks
                      ? t("fulfilment.packing.pickedOf", {
                          picked: number(line.pickedPacks),
                          ordered: number(line.qtyPacks),
                        })
                      : number(line.qtyPacks)}{" "}
                    {line.packUnit}
                  </td>
                  <td className="w-8 py-1 text-center">☐</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="mt-1 text-sm font-semibold">{t("fulfilment.packing.total", { packs: number(list.packs) })}</p>
        </section>
      ))}
    </PrintFrame>
  );
}
