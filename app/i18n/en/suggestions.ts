import type { suggestions as zh } from "../zh-CN/suggestions";

export const suggestions = {
  "suggestions.title": "Restock suggestions",
  "suggestions.link": "Restock suggestions",
  "suggestions.intro":
    "From the last 8 weeks of sales: what you need until the delivery after next, less stock on hand and on the way.",
  "suggestions.nextDelivery": "Next delivery {date}, order by {cutoff}",
  "suggestions.none": "Nothing needs restocking now.",
  "suggestions.noDistributor": "No distributor supplies you yet, so there is nothing to suggest.",
  "suggestions.noRoute": "Your distributor has not put you on a delivery route yet: no suggestions for now.",
  "suggestions.packs": "Order {packs} {unit}",
  "suggestions.addAll": "Add all to the restock cart ({count})",
  "suggestions.addAllHint": "You can change the quantities in the cart before submitting.",
  "suggestions.enough": "Enough in stock ({count})",
  "suggestions.pickDistributor": "Other distributor",
  "suggestions.why.perDay": "sells about {rate} {unit} a day",
  "suggestions.why.perWeek": "sells about {rate} {unit} a week",
  "suggestions.why.noSales": "no sales in {weeks} weeks",
  "suggestions.why.new": "new, topped up to the last receipt of {qty} {unit}",
  "suggestions.why.newNoReceipt": "new and never received: no suggestion yet",
  "suggestions.why.onHand": "{qty} {unit} left",
  "suggestions.why.negative": "stock shows {qty} {unit}, counted as 0: please count it",
  "suggestions.why.incoming": "{qty} {unit} on the way",
  "suggestions.why.delivery": "next delivery {day} (in {days} d), then {interval} d to the one after",
  "suggestions.why.deliveryToday": "delivery today, then {interval} d to the next one",
  "suggestions.why.lasts": "{packs} {unit} last about {weeks} weeks",
  "suggestions.why.separator": "; ",
} satisfies Record<keyof typeof zh, string>;
