import { normaliseBarcode } from "~/domain/inventory/barcode";
import type { Catalog } from "./types";

const GRID = 12;

/** The sell screen's data from the phone's copy: the same quick grid, the same item shape. */
export function offlineView(c: Catalog) {
  const items = c.products.map((p) => ({
    id: p.id,
    name: p.name,
    priceFen: p.priceFen,
    onHand: p.onHand,
    baseUnit: p.baseUnit,
    barcode: p.barcode,
    recall: p.recall ?? null,
  }));
  const ids = new Set(items.map((p) => p.id));
  const top = c.top.filter((id) => ids.has(id));
  const more = [...c.products]
    .sort((a, b) => a.pinyin.localeCompare(b.pinyin) || a.id.localeCompare(b.id))
    .map((p) => p.id)
    .filter((id) => !top.includes(id));
  return { items, grid: [...top, ...more].slice(0, GRID), customers: c.customers, version: c.version };
}

/** Name, pinyin initials or part of a barcode, as the server searches. */
export function searchOffline(c: Catalog, q: string, limit = 30): string[] {
  const needle = q.trim().toLowerCase();
  if (!needle) return [];
  const code = normaliseBarcode(needle);
  return c.products
    .filter(
      (p) =>
        (code !== null && p.barcode === code) ||
        p.name.toLowerCase().includes(needle) ||
        p.pinyin.includes(needle) ||
        (p.barcode ?? "").includes(needle),
    )
    .slice(0, limit)
    .map((p) => p.id);
}
