import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { LotLabels } from "~/components/trace/labels";
import { lotLabel } from "~/domain/trace/lot-label.server";
import { load } from "~/http/errors.server";
import "~/i18n/audiences/store-office";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "trace.label");
  const origin = new URL(request.url).origin;
  return { label: await load(ctx.locale, () => lotLabel(ctx, params.lotId ?? "", origin)), lotId: params.lotId! };
}

/** A lot's QR labels to print: 80 mm or an A4 sheet (decision 040). */
export default function LotLabelPage() {
  const { label, lotId } = useLoaderData<typeof loader>();
  return <LotLabels label={label} back={`/store/trace/lots/${lotId}`} />;
}
