import { useEffect, useState } from "react";
import type { SharedLink } from "~/domain/negotiation/share-links.server";
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

/** The links just issued (shown once: only their hashes are kept), each with its message. */
export function IssuedLinks({ links }: { links: SharedLink[] }) {
  const { t } = useT();
  return (
    <section className="flex flex-col gap-3 rounded-xl border border-brand-100 bg-brand-50 p-3" data-testid="links">
      <h2 className="font-semibold">{t("negotiation.links")}</h2>
      {links.map((l) => (
        <ShareText key={l.url} label={l.supplierName} text={l.text} testId="share-text" />
      ))}
    </section>
  );
}
