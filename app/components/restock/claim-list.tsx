import type { ReactNode } from "react";
import type { ClaimKind, ClaimStatus } from "~/domain/restock/kinds";
import { useT } from "~/i18n/use-t";

type Claim = {
  id: string;
  lineId: string;
  kind: ClaimKind;
  qtyPacks: number;
  amountFen: number;
  status: ClaimStatus;
  resolutionNote: string | null;
};
type Line = { id: string; name: string; packUnit: string | null };

/** Differences found on receipt, with how the distributor settled each. */
export function ClaimList({
  claims,
  lines,
  action,
}: {
  claims: Claim[];
  lines: Line[];
  action?: (claim: Claim) => ReactNode;
}) {
  const { t, money } = useT();
  const names = new Map(lines.map((l) => [l.id, l]));
  return (
    <ul className="flex flex-col gap-2" data-testid="claims">
      {claims.map((c) => {
        const line = names.get(c.lineId);
        return (
          <li key={c.id} className="rounded-lg bg-white p-3 text-sm shadow-sm">
            <span className="flex items-center justify-between gap-2">
              <span>
                {t("restock.claim.line", {
                  name: line?.name ?? "",
                  kind: t(`restock.claim.kind.${c.kind}`),
                  qty: c.qtyPacks,
                  unit: line?.packUnit || "件",
                  amount: money(c.amountFen),
                })}
              </span>
              <span className="shrink-0 text-xs font-semibold">{t(`restock.claim.status.${c.status}`)}</span>
            </span>
            {c.resolutionNote ? <span className="block text-stone-600">{c.resolutionNote}</span> : null}
            {action ? action(c) : null}
          </li>
        );
      })}
    </ul>
  );
}
