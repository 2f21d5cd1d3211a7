import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOrgContext } from "~/auth/guard.server";
import { certificatePhoto } from "~/domain/produce/receipts.server";
import { load } from "~/http/errors.server";

/** The farmer's certificate photo, to the store that keeps it only. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "produce.view");
  const photo = await load(ctx.locale, () => certificatePhoto(ctx, params.purchaseId ?? ""));
  return new Response(new Uint8Array(photo.bytes), {
    headers: { "Content-Type": photo.mime, "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" },
  });
}
