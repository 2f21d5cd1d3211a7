import { Form } from "@remix-run/react";
import { RequestId } from "~/components/alliance/hidden";
import { SubmitButton } from "~/components/forms";
import type { requestDetail } from "~/domain/negotiation/negotiation-detail.server";
import { useT } from "~/i18n/use-t";
import { ShareText } from "./share-link";

type Detail = ReturnType<typeof requestDetail>;
type Supplier = { id: string; name: string };

/** Who was invited and how often each answered; while open, a new link for one, or another supplier. */
export function Invitations({
  request,
  invitations,
  suppliers,
  requestId,
}: {
  request: Detail["request"];
  invitations: Detail["invitations"];
  suppliers: Supplier[];
  requestId: string;
}) {
  const { t } = useT();
  const invited = new Set(invitations.map((i) => i.supplierId));
  return (
    <section className="flex flex-col gap-2">
      <h2 className="font-semibold">{t("negotiation.suppliers")}</h2>
      <ul className="flex flex-col gap-2">
        {invitations.map((inv) => (
          <li key={inv.id} className="flex flex-col gap-2 rounded-xl bg-white p-3 shadow-sm" data-testid="invitation">
            <span className="flex items-start justify-between gap-2">
              <span className="min-w-0 font-medium break-words">{inv.supplierName}</span>
              <span className="shrink-0 text-xs text-stone-600">
                {inv.versions.length
                  ? t("negotiation.answered", { n: inv.versions.length })
                  : t("negotiation.notAnswered")}
              </span>
            </span>
            {request.status === "open" ? (
              <Form method="post">
                <RequestId value={requestId} />
                <input type="hidden" name="intent" value="invite" />
                <input type="hidden" name="supplierId" value={inv.supplierId} />
                <button type="submit" className="min-h-11 text-sm text-brand-700 underline">
                  {t("negotiation.reissue")}
                </button>
                <span className="ml-2 text-xs text-stone-500">{t("negotiation.reissueNote")}</span>
              </Form>
            ) : null}
            {inv.outcome === "declined" ? (
              <ShareText
                label={t("negotiation.status.awarded")}
                text={t("negotiation.declineText", { supplier: inv.supplierName, title: request.title })}
              />
            ) : null}
          </li>
        ))}
      </ul>
      {request.status === "open" && suppliers.some((s) => !invited.has(s.id)) ? (
        <InviteMore suppliers={suppliers.filter((s) => !invited.has(s.id))} requestId={requestId} />
      ) : null}
    </section>
  );
}

function InviteMore({ suppliers, requestId }: { suppliers: Supplier[]; requestId: string }) {
  const { t } = useT();
  return (
    <Form method="post" className="flex flex-col gap-2 rounded-xl bg-white p-3 shadow-sm">
      <RequestId value={requestId} />
      <input type="hidden" name="intent" value="invite" />
      <label className="text-sm font-medium">
        {t("negotiation.inviteMore")}
        <select name="supplierId" className="mt-1 min-h-12 w-full rounded-lg border border-stone-300 bg-white px-3">
          {suppliers.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <SubmitButton>{t("negotiation.inviteMore")}</SubmitButton>
    </Form>
  );
}
