import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { FormError, type ActionErrors } from "~/components/forms";
import { Comparison } from "~/components/negotiation/comparison";
import { EvidenceExact } from "~/components/negotiation/evidence";
import { NegotiationHistory } from "~/components/negotiation/history";
import { Invitations } from "~/components/negotiation/invitations";
import { RequestHeader } from "~/components/negotiation/request-header";
import { SendForm } from "~/components/negotiation/send-form";
import { IssuedLinks } from "~/components/negotiation/share-link";
import { listSuppliers } from "~/domain/alliances/suppliers.server";
import { addDays, shanghaiDate } from "~/domain/dates";
import { newId } from "~/domain/ids.server";
import { awardQuote } from "~/domain/negotiation/award.server";
import { compareQuotes } from "~/domain/negotiation/compare.server";
import { askCounter } from "~/domain/negotiation/counter-round.server";
import { awardSchema, counterSchema, inviteSchema, sendSchema } from "~/domain/negotiation/fields.server";
import { requestDetail } from "~/domain/negotiation/negotiation-detail.server";
import { inviteSupplier, sendRequest, type IssuedLink } from "~/domain/negotiation/send-request.server";
import { shareLinks, type SharedLink } from "~/domain/negotiation/share-links.server";
import { attempt, load } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { readIntent } from "~/http/intents.server";
import { useT } from "~/i18n/use-t";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "rfq.view");
  const detail = await load(ctx.locale, () => requestDetail(ctx, params.rfqId!));
  const comparison = detail.sealed || detail.request.status === "draft" ? null : compareQuotes(ctx, params.rfqId!);
  return {
    ...detail,
    comparison,
    allianceName: ctx.org.name,
    suppliers: listSuppliers(ctx).map((s) => ({ id: s.id, name: s.name })),
    requestId: newId(),
    defaultAnswerBy: addDays(shanghaiDate(ctx.clock.now()), 2),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "rfq.view");
  const rfqId = params.rfqId!;
  const formData = await request.formData();
  const intent = readIntent(formData, ["send", "invite", "counter", "award"], ctx.locale);
  if (!intent.ok) return intent.reply;
  const detail = () => requestDetail(ctx, rfqId).request;
  const linksReply = (links: IssuedLink[]) =>
    data({ links: shareLinks(new URL(request.url).origin, links, detail(), ctx.org.name, ctx.locale) });
  switch (intent.value) {
    case "send": {
      const form = parseForm(formData, sendSchema, ctx.locale);
      if (!form.ok) return form.reply;
      const result = await attempt(ctx.locale, () => sendRequest(ctx, rfqId, form.data.supplierIds), formData);
      if (!result.ok) return result.reply;
      return linksReply(result.value.links);
    }
    case "invite": {
      const form = parseForm(formData, inviteSchema, ctx.locale);
      if (!form.ok) return form.reply;
      const result = await attempt(ctx.locale, () => inviteSupplier(ctx, rfqId, form.data.supplierId), formData);
      if (!result.ok) return result.reply;
      return linksReply([result.value]);
    }
    case "counter": {
      const form = parseForm(formData, counterSchema, ctx.locale);
      if (!form.ok) return form.reply;
      const result = await attempt(ctx.locale, () => askCounter(ctx, rfqId, form.data), formData);
      if (!result.ok) return result.reply;
      throw redirect(`/alliance/negotiations/${rfqId}`);
    }
    case "award": {
      const form = parseForm(formData, awardSchema, ctx.locale);
      if (!form.ok) return form.reply;
      const result = await attempt(ctx.locale, () => awardQuote(ctx, rfqId, form.data), formData);
      if (!result.ok) return result.reply;
      throw redirect(`/alliance/campaigns/${result.value.campaignId}`);
    }
  }
}

type Reply = ActionErrors & { links?: SharedLink[] };

export default function NegotiationPage() {
  const { request, invitations, history, sealed, comparison, suppliers, requestId, defaultAnswerBy } =
    useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as Reply | undefined;
  const errors = reply?.links ? undefined : reply;
  const { t, dateTime } = useT();
  return (
    <>
      <RequestHeader request={request} />
      <FormError errors={errors} />

      {reply?.links ? <IssuedLinks links={reply.links} /> : null}

      {request.evidence ? <EvidenceExact evidence={request.evidence} /> : null}

      {request.status === "draft" ? <SendForm suppliers={suppliers} requestId={requestId} errors={errors} /> : null}

      {invitations.length ? (
        <Invitations request={request} invitations={invitations} suppliers={suppliers} requestId={requestId} />
      ) : null}

      {sealed && request.status === "open" ? (
        <p className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm" data-testid="sealed">
          {t("negotiation.sealedNote", { time: dateTime(request.deadlineAt) })}
        </p>
      ) : null}

      {comparison ? (
        <Comparison
          comparison={comparison}
          rfqId={request.id}
          open={request.status === "open"}
          requestId={requestId}
          defaultAnswerBy={defaultAnswerBy}
          errors={errors}
        />
      ) : null}

      {request.campaignId ? (
        <Link
          to={`/alliance/campaigns/${request.campaignId}`}
          className="flex min-h-11 items-center font-medium text-brand-700 underline"
        >
          {t("negotiation.openCampaign")}
        </Link>
      ) : null}

      {history.length ? <NegotiationHistory history={history} /> : null}
    </>
  );
}
