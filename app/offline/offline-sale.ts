import { parseYuanToFen } from "~/domain/money";
import type { CartLine } from "~/domain/sales/cart";
import type { Tender } from "~/domain/sales/tenders";
import type { MessageKey, MessageParams } from "~/i18n/messages";
import type { OutboxSale } from "./types";

type Priced = { id: string; priceFen: number; name?: string; onHand?: number; recall?: string | null };

/**
 * The checkout form, read in the page when there is no connection: the same checks the server
 * makes on the form (a tender, enough cash, a customer for credit), priced from the phone's copy.
 */
export function offlineSaleFrom(
  form: FormData,
  cart: { lines: CartLine[]; tender: Tender | null },
  items: Map<string, Priced>,
  saleId: string,
  catalogVersion: number,
  madeAt: number,
):
  | { ok: true; sale: OutboxSale; totalFen: number; changeFen: number | null }
  | { ok: false; error: MessageKey; params?: MessageParams } {
  // Only recalled units left to fill a line: refused as the till refuses it (decision 041).
  for (const l of cart.lines) {
    const item = items.get(l.productId);
    if (item?.recall && l.qty > (item.onHand ?? 0))
      return { ok: false, error: "recall.blocked", params: { name: item.name ?? "", reason: item.recall } };
  }
  const lines = cart.lines.flatMap((l) => {
    const item = items.get(l.productId);
    return item ? [{ productId: l.productId, qty: l.qty, unitPriceFen: item.priceFen }] : [];
  });
  if (lines.length === 0) return { ok: false, error: "sale.empty" };
  if (!cart.tender) return { ok: false, error: "sale.tenderRequired" };
  const totalFen = lines.reduce((s, l) => s + l.qty * l.unitPriceFen, 0);
  const sale: OutboxSale = { saleId, madeAt, catalogVersion, tender: cart.tender, lines };
  let changeFen: number | null = null;
  if (cart.tender === "cash") {
    const typed = String(form.get("cashReceived") ?? "").trim();
    const cash = typed ? parseYuanToFen(typed) : totalFen;
    if (cash === null || Number.isNaN(cash) || cash < totalFen) return { ok: false, error: "sale.cashShort" };
    sale.cashReceivedFen = cash;
    changeFen = cash - totalFen;
  }
  if (cart.tender === "credit") {
    const customerId = String(form.get("customerId") ?? "").trim();
    const customerName = String(form.get("customerName") ?? "").trim();
    if (!customerId && !customerName) return { ok: false, error: "sale.customerRequired" };
    if (customerId) sale.customerId = customerId;
    else sale.customerName = customerName;
  }
  return { ok: true, sale, totalFen, changeFen };
}
