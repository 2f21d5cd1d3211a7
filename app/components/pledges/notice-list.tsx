import { Form } from "@remix-run/react";
import { useT } from "~/i18n/use-t";

export type NoticeItem = { id: string; text: string; link: string | null; createdAt: number };

/**
 * Unread notices (a group buy succeeded or failed…): tapping one marks it read and opens it.
 * `action` is the side's notifications route (the store's or the alliance's).
 */
export function NoticeList({ notices, action = "/store/notifications" }: { notices: NoticeItem[]; action?: string }) {
  const { t, dateTime } = useT();
  if (notices.length === 0) return null;
  return (
    <section aria-label={t("pledge.notices")} className="flex flex-col gap-2" data-testid="notices">
      {notices.map((n) => (
        <Form
          key={n.id}
          method="post"
          action={action}
          className="rounded-xl border border-amber-200 bg-amber-50 p-3 text-sm"
        >
          <input type="hidden" name="id" value={n.id} />
          <p className="text-amber-950">{n.text}</p>
          <div className="mt-1 flex items-center justify-between gap-2">
            <span className="text-xs text-stone-500">{dateTime(n.createdAt)}</span>
            <button type="submit" className="min-h-11 rounded-lg bg-white px-3 font-semibold text-brand-700 shadow-sm">
              {t("pledge.noticeOpen")}
            </button>
          </div>
        </Form>
      ))}
    </section>
  );
}
