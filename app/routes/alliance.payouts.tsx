import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import type { ActionErrors } from "~/components/forms";
import { PayoutAccount } from "~/components/payments/payout-account";
import { payoutsAction, payoutsLoader } from "~/http/payouts-page.server";

// The alliance's online collection account (decision 042).
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "payment.connect");
  return payoutsLoader(ctx, request);
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "payment.connect");
  return payoutsAction(ctx, request);
}

export default function AlliancePayouts() {
  const data = useLoaderData<typeof loader>();
  return (
    <PayoutAccount state={data.state} notice={data.notice} errors={useActionData<typeof action>() as ActionErrors} />
  );
}
