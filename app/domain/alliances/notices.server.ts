import { and, desc, eq, isNull } from "drizzle-orm";
import { notifications } from "@db/schema";
import { inTransaction, type Ctx, type WriteTx } from "../context.server";
import { NotFound } from "../errors";
import { newId } from "../ids.server";
import { requirePermission } from "../permission-check.server";
import { isMessageKey, type MessageKey, type MessageParams } from "~/i18n/messages";
import { renderMessage } from "../timeline-reason";

/**
 * Tells an organisation something (a campaign failed, its order was placed). The message is a
 * key and its params, rendered later in the reader's language; written in the caller's
 * transaction, so a notice exists exactly when what it reports does.
 */
export function notify(
  tx: WriteTx,
  orgId: string,
  key: MessageKey,
  params: MessageParams,
  link: string | null,
  now: number,
) {
  tx.insert(notifications)
    .values({ id: newId(), orgId, messageKey: key, params: JSON.stringify(params), link, createdAt: now })
    .run();
}

export type Notice = { id: string; text: string; link: string | null; createdAt: number };

/** The organisation's unread notices, newest first, each rendered in the reader's language. */
export function unreadNotices(ctx: Ctx, limit = 5): Notice[] {
  const rows = ctx.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.orgId, ctx.org.id), isNull(notifications.readAt)))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit)
    .all();
  return rows.map((row) => ({
    id: row.id,
    text: isMessageKey(row.messageKey)
      ? renderMessage(ctx.locale, row.messageKey, JSON.parse(row.params) as MessageParams)
      : row.messageKey,
    link: row.link,
    createdAt: row.createdAt,
  }));
}

/** Marks a notice read and returns where it points (only this organisation's notices). */
export function openNotice(ctx: Ctx, id: string): { link: string | null } {
  requirePermission(ctx, "notice.open");
  const now = ctx.clock.now();
  return inTransaction(ctx.db, (tx) => {
    const row = tx
      .select({ link: notifications.link })
      .from(notifications)
      .where(and(eq(notifications.id, id), eq(notifications.orgId, ctx.org.id)))
      .get();
    if (!row) throw new NotFound();
    tx.update(notifications)
      .set({ readAt: now })
      .where(and(eq(notifications.id, id), eq(notifications.orgId, ctx.org.id), isNull(notifications.readAt)))
      .run();
    return { link: row.link };
  });
}
