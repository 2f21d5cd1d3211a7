import { useCallback, useEffect, useRef, useState } from "react";
import type * as Engine from "./engine.client";
import type { Catalog, OfflineKey, OfflineStatus, OutboxSale } from "./types";

// The sell screen's hook into its offline engine (decision 032). This file ships with the page
// and stays small; the engine (IndexedDB, the outbox, the sync) is imported when the page runs.
let engine: Promise<typeof Engine> | null = null;
const loadEngine = () => (engine ??= import("./engine.client"));

const KEY_STORAGE = "vl-offline-key";
const BACKOFF_MS = [5_000, 15_000, 60_000, 300_000];
const PERIOD_MS = 30_000;

/** A client id as the server mints them: 96 random bits, url-safe. */
export function clientSaleId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_");
}

function storedKey(): OfflineKey | null {
  try {
    return JSON.parse(localStorage.getItem(KEY_STORAGE) ?? "null") as OfflineKey | null;
  } catch {
    return null;
  }
}

export function useOffline(serverKey: OfflineKey | null, shell: boolean) {
  const [key, setKey] = useState<OfflineKey | null>(serverKey);
  const [online, setOnline] = useState(true);
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  const [status, setStatus] = useState<OfflineStatus | null>(null);
  const failures = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const refreshStatus = useCallback(async (k: OfflineKey, syncing = false) => {
    const e = await loadEngine();
    setStatus(await e.status(k, syncing));
    setCatalog(await e.readCatalog(k));
  }, []);

  const sync = useCallback(async () => {
    const k = key;
    if (!k || !navigator.onLine) return;
    if (timer.current) clearTimeout(timer.current);
    const e = await loadEngine();
    await refreshStatus(k, true);
    try {
      await e.syncOutbox(k.userId);
      await e.refreshCatalog(k);
      failures.current = 0;
    } catch (error) {
      console.warn("offline sync failed", error);
      failures.current += 1;
    }
    await refreshStatus(k);
    const wait = failures.current ? BACKOFF_MS[Math.min(failures.current - 1, BACKOFF_MS.length - 1)] : PERIOD_MS;
    timer.current = setTimeout(() => void sync(), wait);
  }, [key, refreshStatus]);

  useEffect(() => {
    const k = serverKey ?? (shell ? storedKey() : null);
    if (serverKey) localStorage.setItem(KEY_STORAGE, JSON.stringify(serverKey));
    setKey(k);
    setOnline(navigator.onLine);
    // Keeps the data unless the phone is short of space (a browser asks or decides quietly).
    void navigator.storage?.persist?.();
  }, [serverKey, shell]);

  useEffect(() => {
    if (!key) return;
    void refreshStatus(key);
    void sync();
    const goOnline = () => {
      setOnline(true);
      failures.current = 0;
      void sync();
    };
    const goOffline = () => setOnline(false);
    const visible = () => {
      if (document.visibilityState === "visible") void sync();
    };
    window.addEventListener("online", goOnline);
    window.addEventListener("offline", goOffline);
    document.addEventListener("visibilitychange", visible);
    return () => {
      window.removeEventListener("online", goOnline);
      window.removeEventListener("offline", goOffline);
      document.removeEventListener("visibilitychange", visible);
      if (timer.current) clearTimeout(timer.current);
    };
  }, [key, refreshStatus, sync]);

  const record = useCallback(
    async (sale: OutboxSale) => {
      if (!key) return "duplicate" as const;
      const e = await loadEngine();
      const result = await e.recordOffline(key, sale);
      await refreshStatus(key);
      if (navigator.onLine) void sync();
      return result;
    },
    [key, refreshStatus, sync],
  );

  // An offline sale's time is the phone's clock: the server bounds it when the sale arrives.
  const now = () => Date.now();
  return { key, online, offlineMode: shell || !online, catalog, status, sync, record, now };
}
export type Offline = ReturnType<typeof useOffline>;
