import type { StoreDashboard } from "~/domain/analysis/dashboard.server";
import type { Period } from "~/domain/analysis/periods";
import { useT } from "~/i18n/use-t";
import { Empty, LIST, Row, Section } from "./parts";

/** 赊账未收: what customers owe in all, and who owes (oldest debt first), each linked to their account. */
export function Credit({ credit, period }: { credit: StoreDashboard["credit"]; period: Period }) {
  const { t, money } = useT();
  return (
    <Section id="credit" title={t("analysis.credit")} table="credit" period={period} more={credit.owing.length - LIST}>
      {credit.owing.length === 0 ? (
        <Empty>{t("analysis.credit.none")}</Empty>
      ) : (
        <>
          <p className="text-lg font-bold tabular-nums" data-testid="credit-total">
            {money(credit.totalOwedFen)}
          </p>
          <ul className="divide-y divide-stone-100 text-sm">
            {credit.owing.slice(0, LIST).map((c) => (
              <Row key={c.id} to={`/store/customers/${c.id}`} name={c.name} right={money(c.balanceFen)} />
            ))}
          </ul>
        </>
      )}
    </Section>
  );
}
