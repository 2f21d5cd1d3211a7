import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { publicContext } from "~/auth/guard.server";
import { ReceiptBody } from "~/components/produce/receipt";
import { receiptByToken } from "~/domain/produce/receipts.server";
import { load } from "~/http/errors.server";
import "~/i18n/audiences/produce";

// The farmer's copy, opened by the link the store sent: the token is the credential and opens
// this one receipt. Never cached, and the token never leaves in a Referer.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store", "Referrer-Policy": "same-origin" });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, locale } = await publicContext(request);
  return { receipt: await load(locale, () => receiptByToken(db, params.token ?? "")) };
}

export default function FarmerReceipt() {
  const { receipt } = useLoaderData<typeof loader>();
  return (
    <main className="mx-auto max-w-md p-4">
      <div className="rounded-xl bg-white p-4 shadow-sm">
        <ReceiptBody receipt={receipt} />
      </div>
    </main>
  );
}
