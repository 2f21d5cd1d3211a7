import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { MIGRATIONS_FOLDER } from "../../db/migrate";
import { renderReason } from "../../app/domain/timeline-reason";
import { provideDictionary } from "../../app/i18n/messages";
import { en } from "../../app/i18n/en";

provideDictionary("en", en);

function statements(tag: string): string[] {
  return fs
    .readFileSync(path.join(MIGRATIONS_FOLDER, `${tag}.sql`), "utf8")
    .split("--> statement-breakpoint")
    .map((s) => s.trim())
    .filter(Boolean);
}

const tags = fs
  .readdirSync(MIGRATIONS_FOLDER)
  .filter((f) => f.endsWith(".sql"))
  .map((f) => f.slice(0, -4))
  .sort();

// 2026-11-27 10:00 in Shanghai, and 2026-12-30 (a "1 月 4 日" written then is in 2027).
const NOV_27 = Date.UTC(2026, 10, 27, 2, 0);
const DEC_30 = Date.UTC(2026, 11, 30, 2, 0);

/** Every sentence the code wrote into state_transitions.reason before migration 0004, and what it becomes. */
const LEGACY: { reason: string; at?: number; key: string | null; params?: Record<string, string | number> }[] = [
  {
    reason: "11 月 28 日的配送缺货的部分，改在这一趟送",
    key: "fulfilment.reason.backorderOf",
    params: { date: "2026-11-28" },
  },
  {
    reason: "缺货 2 箱、3 件，已转到 12 月 1 日的配送",
    key: "fulfilment.reason.shortBackordered",
    params: { qty: "2 箱、3 件", date: "2026-12-01" },
  },
  { reason: "缺货 2 箱，缺的部分已取消", key: "fulfilment.reason.shortCancelled", params: { qty: "2 箱" } },
  {
    reason: "全部缺货，已转到 1 月 4 日的配送",
    at: DEC_30,
    key: "fulfilment.reason.noneBackordered",
    params: { date: "2027-01-04" },
  },
  { reason: "全部缺货，订单已取消", key: "fulfilment.reason.noneCancelled", params: {} },
  { reason: "门店出示收货码签收", key: "fulfilment.reason.byCode", params: {} },
  { reason: "签收人：王小二", key: "fulfilment.reason.bySignature", params: { name: "王小二" } },
  { reason: "11 月 27 日没有送到，重新配送", key: "fulfilment.reason.redeliveryOf", params: { date: "2026-11-27" } },
  {
    reason: "没有送到：店门关着。货已退回仓库",
    key: "fulfilment.reason.failedReturned",
    params: { reason: "店门关着" },
  },
  {
    reason: "没有送到：店门锁着，电话没人接。改到 12 月 1 日重新配送",
    key: "fulfilment.reason.failedRedeliver",
    params: { reason: "店门锁着，电话没人接", date: "2026-12-01" },
  },
  {
    reason: "11 月 27 日的配送已经开始拣货，改到 12 月 1 日送",
    key: "restock.reason.movedToNextRun",
    params: { fromDate: "2026-11-27", date: "2026-12-01" },
  },
  { reason: "收货有 3 处差异，已提交给配送商", key: "restock.reason.receivedWithClaims", params: { count: 3 } },
  { reason: "团购「金龙鱼 5L」成团，按团购价下单", key: "pledge.reason.campaignOrder", params: { title: "金龙鱼 5L" } },
  { reason: "截止时间到，自动结束", key: "pledge.reason.closedAtDeadline", params: {} },
  { reason: "协调人提前结束", key: "pledge.reason.closedByCoordinator", params: {} },
  { reason: "所有成员已收货", key: "pledge.reason.allReceived", params: {} },
  // A person's own words, and text no pattern fits: kept as they are.
  { reason: "这周停送", key: null },
  { reason: "订错了", key: null },
  { reason: "缺货 两箱，已转到 下周的配送", key: null },
  { reason: "13 月 40 日的配送缺货的部分，改在这一趟送", key: null },
];

describe("migration 0004: timeline reasons become message keys", () => {
  it("maps every sentence the code has written to its key and params, keeps the rest as text, and renders both languages", () => {
    const sqlite = new Database(":memory:");
    const upTo = tags.indexOf("0004_order_timeline_keys");
    expect(upTo).toBeGreaterThan(0);
    for (const tag of tags.slice(0, upTo)) for (const s of statements(tag)) sqlite.exec(s);
    sqlite.pragma("foreign_keys = OFF");
    const insert = sqlite.prepare(
      "INSERT INTO state_transitions (id, entity, entity_id, org_id, from_state, to_state, actor_id, reason, at) VALUES (?, 'order', 'o1', 'org', 'confirmed', 'cancelled', NULL, ?, ?)",
    );
    LEGACY.forEach((l, i) => insert.run(`t${i}`, l.reason, l.at ?? NOV_27));
    for (const s of statements("0004_order_timeline_keys")) sqlite.exec(s);

    const rows = sqlite
      .prepare("SELECT id, reason, reason_key AS reasonKey, reason_params AS reasonParams FROM state_transitions")
      .all() as { id: string; reason: string | null; reasonKey: string | null; reasonParams: string | null }[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    LEGACY.forEach((l, i) => {
      const row = byId.get(`t${i}`)!;
      if (l.key === null) {
        expect(row, l.reason).toMatchObject({ reason: l.reason, reasonKey: null, reasonParams: null });
        expect(renderReason("en", row)).toBe(l.reason);
      } else {
        expect(
          { key: row.reasonKey, params: JSON.parse(row.reasonParams ?? "null"), reason: row.reason },
          l.reason,
        ).toEqual({ key: l.key, params: l.params, reason: null });
        // A keyed row reads in each reader's language.
        expect(renderReason("en", row)).not.toBe(renderReason("zh-CN", row));
      }
    });
    expect(renderReason("en", byId.get("t1")!)).toBe("Short 2 箱、3 件; moved to the delivery of Tue, Dec 1");
    expect(renderReason("zh-CN", byId.get("t1")!)).toBe("缺货 2 箱、3 件，已转到 12月1日周二的配送");
    expect(renderReason("en", byId.get("t3")!)).toBe("Nothing in stock; moved to the delivery of Mon, Jan 4");
    sqlite.close();
  });
});
