import "~/i18n/dictionaries.server";
import { translate, type MessageKey, type MessageParams } from "~/i18n/messages";
import type { Ctx } from "../context.server";
import { HISTORY_DAYS, type Plan } from "./restock-policy";
import type { Delivery } from "./suggestion-types";

const weekdayFormats = new Map<string, Intl.DateTimeFormat>();
function weekday(locale: Ctx["locale"], date: string): string {
  let f = weekdayFormats.get(locale);
  if (!f) weekdayFormats.set(locale, (f = new Intl.DateTimeFormat(locale, { weekday: "short", timeZone: "UTC" })));
  return f.format(Date.parse(`${date}T00:00:00Z`));
}

function oneDecimal(n: number): string {
  return (Math.round(n * 10) / 10).toFixed(1).replace(/\.0$/, "");
}

/** "每天约卖 3.2 袋；还剩 4 袋；下次送货周五（3 天后），之后隔 4 天" from dictionary templates. */
export function explain(
  ctx: Ctx,
  s: {
    isNew: boolean;
    plan: Plan;
    product: { onHand: number; baseUnit: string };
    incoming: number;
    delivery: Delivery;
    packSize: number;
    packUnit: string | null;
  },
): string {
  const t = (key: MessageKey, params?: MessageParams) => translate(ctx.locale, key, params);
  const unit = s.product.baseUnit;
  const parts: string[] = [];
  if (s.isNew) {
    parts.push(
      s.plan.targetUnits > 0
        ? t("suggestions.why.new", { qty: s.plan.targetUnits, unit })
        : t("suggestions.why.newNoReceipt"),
    );
  } else if (s.plan.method === "none") {
    parts.push(t("suggestions.why.noSales", { weeks: HISTORY_DAYS / 7 }));
  } else if (s.plan.ratePerDay >= 0.5) {
    parts.push(t("suggestions.why.perDay", { rate: oneDecimal(s.plan.ratePerDay), unit }));
  } else {
    parts.push(t("suggestions.why.perWeek", { rate: oneDecimal(s.plan.ratePerDay * 7), unit }));
  }
  parts.push(
    s.product.onHand < 0
      ? t("suggestions.why.negative", { qty: s.product.onHand, unit })
      : t("suggestions.why.onHand", { qty: s.product.onHand, unit }),
  );
  if (s.incoming > 0) parts.push(t("suggestions.why.incoming", { qty: s.incoming, unit }));
  const d = s.delivery;
  parts.push(
    d.leadDays === 0
      ? t("suggestions.why.deliveryToday", { interval: d.reviewDays })
      : t("suggestions.why.delivery", {
          day: weekday(ctx.locale, d.deliveryDate),
          days: d.leadDays,
          interval: d.reviewDays,
        }),
  );
  // A big case of a slow line: say how long it lasts, so the shopkeeper can decide to skip it.
  const lastsWeeks =
    s.plan.packs > 0 && s.plan.ratePerDay > 0 ? (s.plan.packs * s.packSize) / s.plan.ratePerDay / 7 : 0;
  if (lastsWeeks >= 4)
    parts.push(
      t("suggestions.why.lasts", { packs: s.plan.packs, unit: s.packUnit ?? unit, weeks: Math.round(lastsWeeks) }),
    );
  return parts.join(t("suggestions.why.separator"));
}
