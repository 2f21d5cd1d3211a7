import { redirect } from "@remix-run/node";
import type { Ctx } from "~/domain/context.server";
import { startOnboarding } from "~/domain/payments/onboarding.server";
import { payoutPage } from "~/domain/payments/payout-page.server";
import { attempt, load } from "~/http/errors.server";
import { readIntent } from "~/http/intents.server";

// The online collection account's page (decision 042), one for the distributor's and the
// alliance's routes: the provider's onboarding comes back to the page it left from.

export async function payoutsLoader(ctx: Ctx, request: Request) {
  const back = new URL(request.url).searchParams.get("onboarding");
  const page = await load(ctx.locale, () => payoutPage(ctx, { returned: back === "return" }));
  return {
    ...page,
    notice: back === "return" ? ("returned" as const) : back === "refresh" ? ("refresh" as const) : null,
  };
}

/** 开通在线收款: to the provider's hosted onboarding (a fresh one-use link each time). */
export async function payoutsAction(ctx: Ctx, request: Request) {
  const formData = await request.formData();
  const intent = readIntent(formData, ["onboard"], ctx.locale);
  if (!intent.ok) return intent.reply;
  const url = new URL(request.url);
  const started = await attempt(ctx.locale, () => startOnboarding(ctx, `${url.origin}${url.pathname}`), formData);
  if (!started.ok) return started.reply;
  throw redirect(started.value.url);
}
