// Shapes shared by the sell screen and its lazily loaded offline engine (decision 032). Plain types.
import type { Tender } from "~/domain/sales/tenders";

/** Whose copy: selling data and outbox are kept per user and per store. */
export type OfflineKey = { userId: string; storeId: string; storeName: string; warnHours: number };

export type OfflineProduct = {
  id: string;
  name: string;
  barcode: string | null;
  pinyin: string;
  baseUnit: string;
  priceFen: number;
  onHand: number;
  active: boolean;
  /** Why its recalled units may not be sold (decision 041); absent or null when none are. */
  recall?: string | null;
};

export type Catalog = {
  key: string;
  userId: string;
  storeId: string;
  storeName: string;
  version: number;
  /** When the server answered (its clock) and when the phone stored it (the phone's). */
  fetchedAt: number;
  products: OfflineProduct[];
  customers: { id: string; name: string }[];
  top: string[];
};

/** One sale as the sync endpoint takes it (COMMON contract). */
export type OutboxSale = {
  saleId: string;
  madeAt: number;
  catalogVersion: number;
  tender: Tender;
  lines: { productId: string; qty: number; unitPriceFen: number }[];
  cashReceivedFen?: number;
  customerId?: string;
  customerName?: string;
};

export type OutboxEntry = {
  saleId: string;
  userId: string;
  storeId: string;
  seq: number;
  state: "pending" | "attention";
  reason?: string;
  sale: OutboxSale;
};

export type OfflineStatus = {
  pending: number;
  attention: { saleId: string; reason: string; totalFen: number; madeAt: number }[];
  lastSyncAt: number | null;
  lastOnlineAt: number | null;
  needsLogin: boolean;
  syncing: boolean;
  catalogAt: number | null;
};
