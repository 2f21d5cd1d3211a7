import { Link } from "@remix-run/react";
import { useT } from "~/i18n/use-t";

/** The store home's notice while farmers' disputes wait for an answer. */
export function DisputeNotice({ count }: { count: number }) {
  const { t } = useT();
  if (count === 0) return null;
  return (
    <Link
      to="/store/produce#disputes"
      className="flex min-h-12 items-center rounded-xl bg-amber-50 p-3 font-semibold text-amber-950 shadow-sm ring-2 ring-amber-400"
      data-testid="dispute-notice"
    >
      {t("produce.disputes.open", { n: count })} ›
    </Link>
  );
}
