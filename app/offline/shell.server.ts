/**
 * The sell screen's offline shell (decision 032): the service worker fetches
 * `/store/sell?__shell=1` without a cookie and keeps it. The root, store and sell loaders answer
 * it with no one's data; the page fills itself from the phone's IndexedDB copy.
 */
export function isOfflineShell(request: Request): boolean {
  return new URL(request.url).searchParams.get("__shell") === "1";
}

/** Hours without a connection after which the sell screen warns (OFFLINE_WARN_HOURS, default 72). */
export const offlineWarnHours = Number(process.env.OFFLINE_WARN_HOURS) || 72;
