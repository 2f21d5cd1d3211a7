// The offline engine of the sell screen (decision 032), loaded lazily: the phone's copy of the
// selling data and the outbox in IndexedDB, and the outbox's replay to POST /api/sales/sync.
import { openDB, type DBSchema, type IDBPDatabase } from "idb";
import type { Catalog, OfflineKey, OfflineStatus, OutboxEntry, OutboxSale } from "./types";

interface OfflineDb extends DBSchema {
  catalog: { key: string; value: Catalog };
  outbox: { key: string; value: OutboxEntry; indexes: { byUser: string } };
  meta: {
    key: string;
    value: { key: string; lastSyncAt: number | null; lastOnlineAt: number | null; needsLogin: boolean };
  };
}

const DB_NAME = "villagelink-offline";
/** Raise only with an upgrade that keeps every outbox entry: a new version never strands a sale. */
const DB_VERSION = 1;
const BATCH = 50;
/**
 * A request the network holds without answering (a weak signal often does) is given up after
 * this long: the sync holds the outbox's lock while it waits, and a request that never ends
 * would stop every later sync. A batch the server did record is answered "duplicate" on replay.
 */
const REQUEST_TIMEOUT_MS = 30_000;
const giveUpAfter = () =>
  typeof AbortSignal !== "undefined" && typeof AbortSignal.timeout === "function"
    ? AbortSignal.timeout(REQUEST_TIMEOUT_MS)
    : undefined;

const STORES = ["catalog", "outbox", "meta"] as const;

function openAt(version: number) {
  return openDB<OfflineDb>(DB_NAME, version, {
    upgrade(d) {
      // Creates what is missing and never drops a store: the outbox survives every upgrade.
      if (!d.objectStoreNames.contains("catalog")) d.createObjectStore("catalog", { keyPath: "key" });
      if (!d.objectStoreNames.contains("outbox"))
        d.createObjectStore("outbox", { keyPath: "saleId" }).createIndex("byUser", "userId");
      if (!d.objectStoreNames.contains("meta")) d.createObjectStore("meta", { keyPath: "key" });
    },
  });
}

let opened: Promise<IDBPDatabase<OfflineDb>> | null = null;
function db() {
  opened ??= openAt(DB_VERSION).then(async (d) => {
    if (STORES.every((name) => d.objectStoreNames.contains(name))) return d;
    // Someone opened the name without our stores (an empty database at our version): add them.
    const version = d.version + 1;
    d.close();
    return openAt(version);
  });
  return opened;
}

/**
 * This phone's id (96 random bits, minted once): the server keeps its last successful sync per
 * store and bounds the time an offline sale may claim by it (decision 044).
 */
function deviceId(): string {
  const known = localStorage.getItem("vl-device-id");
  if (known && /^[A-Za-z0-9_-]{16}$/.test(known)) return known;
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  const id = btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_");
  localStorage.setItem("vl-device-id", id);
  return id;
}

const catalogKey = (k: { userId: string; storeId: string }) => `${k.userId}:${k.storeId}`;
const metaKey = (userId: string) => `sync:${userId}`;

export async function readCatalog(key: OfflineKey): Promise<Catalog | null> {
  return (await (await db()).get("catalog", catalogKey(key))) ?? null;
}

async function readMeta(userId: string) {
  return (
    (await (await db()).get("meta", metaKey(userId))) ?? {
      key: metaKey(userId),
      lastSyncAt: null,
      lastOnlineAt: null,
      needsLogin: false,
    }
  );
}

async function writeMeta(userId: string, change: Partial<Omit<Awaited<ReturnType<typeof readMeta>>, "key">>) {
  const now = await readMeta(userId);
  await (await db()).put("meta", { ...now, ...change });
}

async function entriesOf(userId: string): Promise<OutboxEntry[]> {
  const all = await (await db()).getAllFromIndex("outbox", "byUser", userId);
  return all.sort((a, b) => a.seq - b.seq);
}

/** Sales waiting on this phone, whoever made them (log-out is refused while any wait). */
export async function waitingSales(): Promise<number> {
  return (await db()).count("outbox");
}

export async function status(key: OfflineKey, syncing = false): Promise<OfflineStatus> {
  const [entries, meta, catalog] = await Promise.all([entriesOf(key.userId), readMeta(key.userId), readCatalog(key)]);
  return {
    pending: entries.length,
    attention: entries
      .filter((e) => e.state === "attention")
      .map((e) => ({
        saleId: e.saleId,
        reason: e.reason ?? "",
        madeAt: e.sale.madeAt,
        totalFen: e.sale.lines.reduce((s, l) => s + l.qty * l.unitPriceFen, 0),
      })),
    lastSyncAt: meta.lastSyncAt,
    lastOnlineAt: meta.lastOnlineAt,
    needsLogin: meta.needsLogin,
    syncing,
    catalogAt: catalog?.fetchedAt ?? null,
  };
}

/**
 * A sale made offline: the outbox entry and the local stock change in one IndexedDB
 * transaction. The same sale id twice (a double tap) is the one sale.
 */
export async function recordOffline(key: OfflineKey, sale: OutboxSale): Promise<"recorded" | "duplicate"> {
  const d = await db();
  const tx = d.transaction(["outbox", "catalog"], "readwrite");
  const outbox = tx.objectStore("outbox");
  if (await outbox.get(sale.saleId)) {
    await tx.done;
    return "duplicate";
  }
  await outbox.add({
    saleId: sale.saleId,
    userId: key.userId,
    storeId: key.storeId,
    seq: sale.madeAt * 1000 + Math.floor(Math.random() * 1000),
    state: "pending",
    sale,
  });
  const catalogs = tx.objectStore("catalog");
  const catalog = await catalogs.get(catalogKey(key));
  if (catalog) {
    const sold = new Map(sale.lines.map((l) => [l.productId, l.qty]));
    catalog.products = catalog.products.map((p) =>
      sold.has(p.id) ? { ...p, onHand: p.onHand - (sold.get(p.id) ?? 0) } : p,
    );
    await catalogs.put(catalog);
  }
  await tx.done;
  return "recorded";
}

type SellDataReply = {
  storeId: string;
  storeName: string;
  version: number;
  full: boolean;
  products: Catalog["products"];
  stock: [string, number][];
  customers: Catalog["customers"];
  top: string[];
};

/** Refreshes the phone's copy from the versioned delta endpoint; the sales still waiting stay subtracted. */
export async function refreshCatalog(key: OfflineKey): Promise<boolean> {
  const old = await readCatalog(key);
  let res: Response;
  try {
    res = await fetch(`/store/sell-data?since=${old?.version ?? 0}`, {
      credentials: "same-origin",
      cache: "no-store",
      signal: giveUpAfter(),
    });
  } catch {
    return false;
  }
  if (!res.ok || res.redirected || !res.headers.get("content-type")?.includes("json")) return false;
  let reply: SellDataReply;
  try {
    reply = (await res.json()) as SellDataReply;
  } catch {
    return false; // cut off or given up half-way: the copy stays as it was
  }
  if (reply.storeId !== key.storeId) return false;
  const byId = new Map((reply.full || !old ? [] : old.products).map((p) => [p.id, p]));
  for (const p of reply.products) {
    if (p.active) byId.set(p.id, p);
    else byId.delete(p.id);
  }
  const waiting = new Map<string, number>();
  for (const e of await entriesOf(key.userId))
    if (e.storeId === key.storeId)
      for (const l of e.sale.lines) waiting.set(l.productId, (waiting.get(l.productId) ?? 0) + l.qty);
  const stock = new Map(reply.stock);
  const products = [...byId.values()].map((p) => ({
    ...p,
    onHand: (stock.get(p.id) ?? p.onHand) - (waiting.get(p.id) ?? 0),
  }));
  await (
    await db()
  ).put("catalog", {
    key: catalogKey(key),
    userId: key.userId,
    storeId: key.storeId,
    storeName: reply.storeName,
    version: reply.version,
    fetchedAt: Date.now(),
    products,
    customers: reply.customers,
    top: reply.top,
  });
  await writeMeta(key.userId, { lastOnlineAt: Date.now() });
  return true;
}

type SyncResult = { saleId: string; status: "recorded" | "duplicate" | "refused"; reason?: string };

/**
 * Replays this person's outbox, oldest first, in batches per store, under a lock: two tabs
 * never send the same sale at once. Recorded or duplicate: the entry goes. Refused: it stays,
 * marked as needing attention with the reason. 401: every sale stays and the person is asked
 * to log in again. A network failure throws (the caller backs off and retries).
 */
export async function syncOutbox(userId: string): Promise<"done" | "login" | "nothing"> {
  const run = async (): Promise<"done" | "login" | "nothing"> => {
    let sent = false;
    for (;;) {
      const pending = (await entriesOf(userId)).filter((e) => e.state === "pending");
      if (pending.length === 0) break;
      const storeId = pending[0].storeId;
      const batch = pending.filter((e) => e.storeId === storeId).slice(0, BATCH);
      const res = await fetch("/api/sales/sync", {
        method: "POST",
        credentials: "same-origin",
        signal: giveUpAfter(),
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ storeId, deviceId: deviceId(), sales: batch.map((e) => e.sale) }),
      });
      if (res.status === 401) {
        await writeMeta(userId, { needsLogin: true, lastOnlineAt: Date.now() });
        return "login";
      }
      if (!res.ok) throw new Error(`sync answered ${res.status}`);
      const { results } = (await res.json()) as { results: SyncResult[] };
      const d = await db();
      const tx = d.transaction("outbox", "readwrite");
      for (const r of results) {
        const entry = await tx.store.get(r.saleId);
        if (!entry) continue;
        if (r.status === "refused") await tx.store.put({ ...entry, state: "attention", reason: r.reason ?? "" });
        else await tx.store.delete(r.saleId);
      }
      await tx.done;
      sent = true;
    }
    // Nothing waits any more: the phone is in step with the server now, whether this run sent
    // sales or found none to send (a phone online all day must not say "never synced" offline).
    const now = Date.now();
    await writeMeta(userId, { needsLogin: false, lastOnlineAt: now, lastSyncAt: now });
    return sent ? "done" : "nothing";
  };
  if (typeof navigator !== "undefined" && navigator.locks) {
    return navigator.locks.request(`vl-outbox:${userId}`, run);
  }
  return run();
}

/**
 * A sale the server refused, given up by the shopkeeper after reading the reason. Only such a
 * sale: one still waiting to be sent is never dropped, whatever the page asks.
 */
export async function dismiss(saleId: string): Promise<void> {
  const tx = (await db()).transaction("outbox", "readwrite");
  const entry = await tx.store.get(saleId);
  if (entry?.state === "attention") await tx.store.delete(saleId);
  await tx.done;
}

/** At log-out: the caches go (the shell holds no one's data, but nothing should linger). */
export async function clearCaches(): Promise<void> {
  if (typeof caches === "undefined") return;
  for (const name of await caches.keys()) if (name.startsWith("vl-")) await caches.delete(name);
}
