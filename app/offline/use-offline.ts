import { useEffect, useRef, useState } from "react";
import type * as Runtime from "./runtime.client";
import type { OfflineRuntime, Snapshot } from "./runtime.client";
import type { OfflineKey, OutboxSale } from "./types";

// The sell screen's hook into its offline runtime (decision 032). This file ships with the page
// and stays tiny; the runtime (engine, triggers, bar, offline view) is imported after hydration.
type RuntimeModule = typeof Runtime;

/** A client id as the server mints them: 96 random bits, url-safe. */
export function clientSaleId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_");
}

/** Where the phone keeps the person and store it last sold for (the shell sells for them). */
export const LAST_KEY = "vl-offline-key";

/** On the server (no localStorage) and where storage is refused: none. */
function lastKey(): string {
  try {
    return localStorage.getItem(LAST_KEY) ?? "";
  } catch {
    return "";
  }
}

export function useOffline(serverKey: OfflineKey | null, shell: boolean) {
  const [online, setOnline] = useState(true);
  const [ui, setUi] = useState<RuntimeModule | null>(null);
  const [snapshot, setSnapshot] = useState<Snapshot>({ key: serverKey, catalog: null, status: null });
  const runtime = useRef<OfflineRuntime | null>(null);
  // The loader's data is a new object at every revalidation: the runtime restarts only for
  // another person or store. The shell (no server data) sells for the ones the phone last sold
  // for, so the real screen replacing it for the same person and store keeps the runtime (and
  // its bar) as it is.
  const whose = serverKey ? JSON.stringify(serverKey) : shell ? lastKey() : "";

  useEffect(() => {
    setOnline(navigator.onLine);
    const goOnline = () => setOnline(true);
    const goOffline = () => setOnline(false);
    window.addEventListener("online", goOnline);
    window.addEventListener("offline", goOffline);
    return () => {
      window.removeEventListener("online", goOnline);
      window.removeEventListener("offline", goOffline);
    };
  }, []);

  useEffect(() => {
    let live = true;
    void import("./runtime.client").then((m) => {
      if (!live) return;
      runtime.current = m.startOffline(whose ? (JSON.parse(whose) as OfflineKey) : null, setSnapshot);
      setUi(m);
    });
    return () => {
      live = false;
      runtime.current?.stop();
      runtime.current = null;
    };
  }, [whose]);

  return {
    ...snapshot,
    online,
    offlineMode: shell || !online,
    /** The lazily loaded parts (bar, offline view, sale builder): null until the runtime is in. */
    ui,
    sync: async () => runtime.current?.sync(),
    record: async (sale: OutboxSale) => runtime.current?.record(sale) ?? ("duplicate" as const),
    giveUp: async (saleId: string) => runtime.current?.giveUp(saleId),
    // An offline sale's time is the phone's clock: the server bounds it when the sale arrives.
    now: () => Date.now(),
  };
}
export type Offline = ReturnType<typeof useOffline>;
