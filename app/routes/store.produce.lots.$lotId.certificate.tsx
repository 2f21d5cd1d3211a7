import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { PrintFrame, paperOf } from "~/components/fulfilment/print-frame";
import { lotCertificate } from "~/domain/produce/receipts.server";
import { load } from "~/http/errors.server";
import { useT } from "~/i18n/use-t";
import "~/i18n/audiences/produce";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "produce.view");
  const origin = new URL(request.url).origin;
  const cert = await load(ctx.locale, () => lotCertificate(ctx, params.lotId ?? "", origin));
  return { cert, paper: paperOf(request.url) };
}

/**
 * A produce lot's certificate sheet, to print and keep with the lot: the farmers' 承诺达标合格证
 * it came with and, for a mixed lot, the store's own number; the QR code opens the lot's public
 * trace page.
 */
export default function LotCertificate() {
  const { cert, paper } = useLoaderData<typeof loader>();
  const { t } = useT();
  return (
    <PrintFrame paper={paper} back="/store/produce" backLabel={t("produce.title")}>
      <h1 className="text-lg font-bold">{t("produce.cert.title")}</h1>
      <p className="text-sm">
        {cert.storeName} · {t("produce.cert.batch", { batch: cert.batchNo })}
      </p>
      {cert.ownNumber ? <p className="font-semibold">{t("produce.cert.own", { number: cert.ownNumber })}</p> : null}
      <ul className="my-2 flex flex-col gap-1 text-sm" data-testid="cert-sources">
        {cert.sources.map((s) => (
          <li key={s.purchaseId} className="print-keep border-b border-stone-200 py-1">
            {t("produce.cert.source", {
              number: s.certNo,
              farmer: s.farmerName,
              village: s.village,
              produce: `${s.produce} ${s.grade}`,
              date: s.harvestDate,
            })}
          </li>
        ))}
      </ul>
      {cert.qrSvg ? (
        <figure className="flex flex-col items-start gap-1">
          <div
            className="h-40 w-40 [&>svg]:h-full [&>svg]:w-full"
            data-testid="qr"
            dangerouslySetInnerHTML={{ __html: cert.qrSvg }}
          />
          <figcaption className="text-xs break-all">{cert.traceUrl}</figcaption>
        </figure>
      ) : null}
      <p className="mt-2 text-xs text-stone-600">{t("produce.cert.keep")}</p>
    </PrintFrame>
  );
}
