import { Link } from "@remix-run/react";
import { useT } from "~/i18n/use-t";
import type { Offline } from "./use-offline";

/**
 * What the shopkeeper needs to know about the sales on the phone: "N 笔待同步", when it last
 * synced, a 立即同步 button, sales the server refused with the reason (and a way to give one up
 * once read), an expired session, and how old the product data is (decision 032).
 */
export function OfflineBar({ offline }: { offline: Offline }) {
  const { t, dateTime, money } = useT();
  const s = offline.status;
  const key = offline.key;
  if (!s || !key) return offline.offlineMode ? <p className="text-sm text-amber-800">{t("offline.offline")}</p> : null;
  // Shown only once the engine has answered, in the browser: the phone's own clock is right here.
  const longOffline =
    offline.offlineMode && s.lastOnlineAt !== null && Date.now() - s.lastOnlineAt > key.warnHours * 3600_000;
  const show = offline.offlineMode || s.pending > 0 || s.needsLogin;
  if (!show) return null;
  return (
    <section
      aria-label={t("offline.syncNow")}
      data-testid="offline-bar"
      className="flex flex-col gap-1 rounded-xl border border-amber-300 bg-amber-50 p-2 text-sm"
    >
      {offline.offlineMode ? <p className="text-amber-900">{t("offline.offline")}</p> : null}
      <div className="flex items-center gap-2">
        <span className="flex-1">
          <strong data-testid="pending-badge" className="rounded-full bg-amber-600 px-2 py-0.5 text-white">
            {t("offline.pending", { count: s.pending })}
          </strong>{" "}
          <span className="text-stone-600">
            {s.lastSyncAt ? t("offline.lastSync", { time: dateTime(s.lastSyncAt) }) : t("offline.neverSynced")}
          </span>
        </span>
        <button
          type="button"
          onClick={() => void offline.sync()}
          disabled={s.syncing || !offline.online}
          className="min-h-11 shrink-0 rounded-lg bg-brand-700 px-3 font-semibold text-white disabled:opacity-50"
        >
          {s.syncing ? t("offline.syncing") : t("offline.syncNow")}
        </button>
      </div>
      {s.catalogAt ? (
        <p className="text-xs text-stone-600">{t("offline.catalogAge", { time: dateTime(s.catalogAt) })}</p>
      ) : offline.offlineMode ? (
        <p className="text-amber-900">{t("offline.noCatalog")}</p>
      ) : null}
      {longOffline ? (
        <p role="alert" className="font-semibold text-red-800">
          {t("offline.longOffline", { hours: key.warnHours })}
        </p>
      ) : null}
      {s.needsLogin ? (
        <p role="alert" className="text-red-800">
          {t("offline.login")}{" "}
          <Link to="/login?redirectTo=%2Fstore%2Fsell" reloadDocument className="font-semibold underline">
            {t("offline.loginLink")}
          </Link>
        </p>
      ) : null}
      {s.attention.length ? (
        <ul data-testid="attention" className="flex flex-col gap-1">
          {s.attention.map((a) => (
            <li key={a.saleId} className="flex items-center gap-2 rounded-md bg-white px-2 py-1 text-red-800">
              <span className="flex-1">
                {dateTime(a.madeAt)} · {money(a.totalFen)} · {t("offline.attention", { reason: a.reason })}
              </span>
              <button
                type="button"
                onClick={() => {
                  // The sale is on the phone only: giving it up loses it, so the phone asks first.
                  if (window.confirm(t("offline.giveUpAsk", { total: money(a.totalFen) })))
                    void offline.giveUp(a.saleId);
                }}
                className="min-h-11 shrink-0 rounded-lg border border-red-300 px-3 font-semibold text-red-800"
              >
                {t("offline.giveUp")}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
