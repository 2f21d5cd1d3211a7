// The sell screen's offline runtime (decision 032, issue 12's light page): everything the page
// needs to sell without a signal, loaded with `import()` after hydration so none of it weighs on
// the first load: the engine (IndexedDB, the outbox, the sync), the sync triggers and backoff,
// the bar, the phone's view of the catalog and the offline sale builder.
import * as engine from "./engine.client";
import type { Catalog, OfflineKey, OfflineStatus, OutboxSale } from "./types";
import { LAST_KEY } from "./use-offline";

export { OfflineBar } from "./offline-bar";
export { offlineSaleFrom } from "./offline-sale";
export { offlineView, searchOffline } from "./offline-view";

const BACKOFF_MS = [5_000, 15_000, 60_000, 300_000];
const PERIOD_MS = 30_000;

/** What the page shows of the phone's copy and outbox. */
export type Snapshot = { key: OfflineKey | null; catalog: Catalog | null; status: OfflineStatus | null };

/** Started by the page once per person and store; `stop` at unmount. */
export type OfflineRuntime = {
  sync: () => Promise<void>;
  record: (sale: OutboxSale) => Promise<"recorded" | "duplicate">;
  /** Gives up a sale the server refused, once the shopkeeper has read why (and confirmed). */
  giveUp: (saleId: string) => Promise<void>;
  stop: () => void;
};

/**
 * The outbox's triggers: now (page load), coming online, the tab becoming visible, a timer
 * (30 s, backing off 5 s → 5 min after failures) and the page's 立即同步. `key` is the person
 * and store the page sells for (the shell's: the ones the phone last sold for).
 */
export function startOffline(key: OfflineKey | null, emit: (snapshot: Snapshot) => void): OfflineRuntime {
  if (key) localStorage.setItem(LAST_KEY, JSON.stringify(key));
  // Keeps the data unless the phone is short of space (a browser asks or decides quietly).
  void navigator.storage?.persist?.();
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  // Another tab of this phone sold or synced: the outbox is shared, so this tab's count follows.
  const told = typeof BroadcastChannel === "function" ? new BroadcastChannel("vl-outbox") : null;
  if (told) told.onmessage = () => void refresh();
  const tell = () => {
    if (!stopped) told?.postMessage("outbox");
  };

  const refresh = async (syncing = false) => {
    if (!key || stopped) return;
    const [status, catalog] = await Promise.all([engine.status(key, syncing), engine.readCatalog(key)]);
    if (!stopped) emit({ key, catalog, status });
  };

  const sync = async () => {
    if (!key || stopped || !navigator.onLine) return;
    if (timer) clearTimeout(timer);
    await refresh(true);
    try {
      await engine.syncOutbox(key.userId);
      await engine.refreshCatalog(key);
      failures = 0;
    } catch (error) {
      console.warn("offline sync failed", error);
      failures += 1;
    }
    tell();
    await refresh();
    if (stopped) return;
    const wait = failures ? BACKOFF_MS[Math.min(failures - 1, BACKOFF_MS.length - 1)] : PERIOD_MS;
    timer = setTimeout(() => void sync(), wait);
  };

  const record = async (sale: OutboxSale) => {
    if (!key) return "duplicate" as const;
    const result = await engine.recordOffline(key, sale);
    tell();
    await refresh();
    if (navigator.onLine) void sync();
    return result;
  };

  const giveUp = async (saleId: string) => {
    await engine.dismiss(saleId);
    tell();
    await refresh();
  };

  const goOnline = () => {
    failures = 0;
    void sync();
  };
  const visible = () => {
    if (document.visibilityState === "visible") void sync();
  };
  emit({ key, catalog: null, status: null });
  if (key) {
    window.addEventListener("online", goOnline);
    document.addEventListener("visibilitychange", visible);
    void refresh().then(sync);
  }
  return {
    sync,
    record,
    giveUp,
    stop: () => {
      stopped = true;
      told?.close();
      window.removeEventListener("online", goOnline);
      document.removeEventListener("visibilitychange", visible);
      if (timer) clearTimeout(timer);
    },
  };
}
