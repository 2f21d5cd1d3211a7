import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import type { ActionErrors } from "~/components/forms";
import { PayoutAccount } from "~/components/payments/payout-account";
import { startOnboarding } from "~/domain/payments/onboarding.server";
import { payoutPage } from "~/domain/payments/payout-page.server";
import { attempt, load } from "~/http/errors.server";
import { readIntent } from "~/http/intents.server";

// The alliance's online collection account (decision 042): the provider's onboarding comes back here.

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "payment.connect");
  const back = new URL(request.url).searchParams.get("onboarding");
  const page = await load(ctx.locale, () => payoutPage(ctx, { returned: back === "return" }));
  return {
    ...page,
    notice: back === "return" ? ("returned" as const) : back === "refresh" ? ("refresh" as const) : null,
  };
}

/** 开通在线收款: to the provider's hosted onboarding (a fresh one-use link each time). */
export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "payment.connect");
  const formData = await request.formData();
  const intent = readIntent(formData, ["onboard"], ctx.locale);
  if (!intent.ok) return intent.reply;
  const page = new URL("/alliance/payouts", request.url).href;
  const started = await attempt(ctx.locale, () => startOnboarding(ctx, page), formData);
  if (!started.ok) return started.reply;
  throw redirect(started.value.url);
}

export default function AlliancePayouts() {
  const data = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  return <PayoutAccount state={data.state} notice={data.notice} errors={errors} />;
}
