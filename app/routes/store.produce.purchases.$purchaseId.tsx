import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { Notice } from "~/components/forms";
import { PrintFrame, paperOf } from "~/components/fulfilment/print-frame";
import { DisputeAnswer } from "~/components/produce/dispute";
import { ReceiptBody } from "~/components/produce/receipt";
import { purchaseDispute } from "~/domain/produce/disputes.server";
import { purchaseReceipt } from "~/domain/produce/receipts.server";
import { load } from "~/http/errors.server";
import { useT } from "~/i18n/use-t";
import "~/i18n/audiences/produce";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "produce.view");
  const receipt = await load(ctx.locale, () => purchaseReceipt(ctx, params.purchaseId ?? ""));
  return {
    receipt,
    dispute: purchaseDispute(ctx, receipt.purchaseId),
    link: `${new URL(request.url).origin}/produce/receipt/${receipt.token}`,
    paper: paperOf(request.url),
  };
}

/** The receipt to print (A4 or 80 mm) and the link to send the farmer. */
export default function PurchaseReceipt() {
  const { receipt, dispute, link, paper } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t } = useT();
  return (
    <PrintFrame paper={paper} back="/store/produce" backLabel={t("produce.title")}>
      {params.get("done") === "bought" ? (
        <div className="no-print mb-2">
          <Notice>{t("produce.buy.done")}</Notice>
        </div>
      ) : null}
      <ReceiptBody receipt={receipt} />
      {dispute ? (
        <div className="no-print mt-2 flex flex-col gap-1">
          <DisputeAnswer dispute={dispute} unit={receipt.unit} reader="store" />
          <Link
            to={`/store/produce/disputes/${dispute.id}`}
            className="inline-flex min-h-11 items-center font-semibold text-brand-700 underline"
          >
            {dispute.status === "open" ? t("produce.disputes.handle") : t("produce.disputes.title")} ›
          </Link>
        </div>
      ) : null}
      <div className="mt-3 flex flex-col gap-1 text-sm">
        <label htmlFor="receipt-link" className="font-medium">
          {t("produce.receipt.link")}
        </label>
        <input
          id="receipt-link"
          readOnly
          value={link}
          className="min-h-11 rounded border border-stone-300 px-2"
          data-testid="receipt-link"
        />
        <a
          href={`sms:?body=${encodeURIComponent(link)}`}
          className="no-print inline-flex min-h-11 items-center text-brand-700 underline"
        >
          {t("produce.receipt.sms")}
        </a>
        {receipt.purchaseId ? (
          <a
            href={`/store/produce/purchases/${receipt.purchaseId}/photo`}
            className="no-print inline-flex min-h-11 items-center text-brand-700 underline"
          >
            {t("produce.cert.photo")}
          </a>
        ) : null}
      </div>
    </PrintFrame>
  );
}
