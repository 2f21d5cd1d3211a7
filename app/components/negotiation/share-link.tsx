import { useEffect, useState } from "react";
import { useT } from "~/i18n/use-t";

/**
 * A ready-made message with its link: readable and selectable with JavaScript off (a read-only
 * text box), with 复制 / 分享 buttons once the page is live (clipboard, the phone's share sheet).
 * No SMS or mail gateway: the coordinator sends it through whatever it already uses (WeChat).
 */
export function ShareText({ text, label, testId }: { text: string; label: string; testId?: string }) {
  const { t } = useT();
  const [live, setLive] = useState(false);
  const [copied, setCopied] = useState(false);
  useEffect(() => setLive(true), []);
  const canShare = live && typeof navigator !== "undefined" && "share" in navigator;
  return (
    <div className="flex flex-col gap-1">
      <label className="text-sm font-medium break-words text-stone-700">
        {label}
        <textarea
          readOnly
          value={text}
          rows={4}
          data-testid={testId}
          className="mt-1 w-full rounded-lg border border-stone-300 bg-stone-50 p-2 text-sm break-all"
          onFocus={(e) => e.currentTarget.select()}
        />
      </label>
      {live ? (
        <div className="flex gap-2">
          <button
            type="button"
            className="min-h-11 flex-1 rounded-lg border border-brand-700 px-3 text-sm font-medium text-brand-700"
            onClick={() => navigator.clipboard?.writeText(text).then(() => setCopied(true))}
          >
            {copied ? "✓" : t("negotiation.copy")}
          </button>
          {canShare ? (
            <button
              type="button"
              className="min-h-11 flex-1 rounded-lg border border-brand-700 px-3 text-sm font-medium text-brand-700"
              onClick={() => navigator.share({ text }).catch(() => undefined)}
            >
              {t("negotiation.share")}
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
