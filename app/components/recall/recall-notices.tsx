import { Link } from "@remix-run/react";
import { useT } from "~/i18n/use-t";

type Notice = {
  id: string;
  kind: "recall" | "drill";
  label: string;
  reason: string;
  from: string;
  units: number;
  confirmed: boolean;
};

/** The top of the store's home page while a recall (or a drill) holds some of its lots (decision 041). */
export function RecallNotices({ notices }: { notices: Notice[] }) {
  const { t, number } = useT();
  if (notices.length === 0) return null;
  return (
    <ul className="flex flex-col gap-2" data-testid="recall-notices">
      {notices.map((n) => (
        <li key={n.id}>
          <Link
            to={`/store/recalls/${n.id}`}
            className={`flex flex-col gap-1 rounded-xl p-3 shadow-sm ${n.kind === "drill" ? "bg-sky-50 text-sky-950 ring-2 ring-sky-300" : "bg-red-50 text-red-950 ring-2 ring-red-400"}`}
          >
            <span className="font-bold break-words">
              {t(n.kind === "drill" ? "recall.noticeDrill" : "recall.notice", { label: n.label })}
            </span>
            <span className="text-sm break-words">{t("recall.noticeFrom", { from: n.from, reason: n.reason })}</span>
            {n.kind === "recall" && n.units > 0 ? (
              <span className="text-sm font-semibold">{t("recall.noticeUnits", { units: number(n.units) })}</span>
            ) : null}
            <span className="flex min-h-11 items-center font-semibold underline">
              {n.confirmed ? t("recall.open") : t("recall.confirm")} ›
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
