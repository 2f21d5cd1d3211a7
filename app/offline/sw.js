// The service worker (decision 032). Served by server.ts at /sw.js with `BUILD` prepended: the
// build's version and its hashed files. It precaches those, the icons and the sell screen's
// shell (rendered without a session: it holds no user data); navigations go to the network
// first with a short timeout and fall back to the shell (the sell screen) or the offline page.
// Other hashed build files (the camera's decoder) are kept once fetched. Nothing else is
// cached: no other page, no loader data, no POST. The outbox lives in
// IndexedDB, which this worker never touches, so a new version can never strand a sale.
/* eslint-disable no-undef */
const CACHE = `vl-${BUILD.version}`;
const SHELL = "/store/sell?__shell=1";
const OFFLINE_PAGE = "/offline.html";
const NAVIGATION_TIMEOUT_MS = 4000;
const PRECACHE = [
  ...BUILD.files,
  "/favicon.svg",
  "/icon-192.png",
  "/icon-512.png",
  "/manifest.webmanifest",
  OFFLINE_PAGE,
];

async function fill() {
  const cache = await caches.open(CACHE);
  const have = new Set((await cache.keys()).map((r) => new URL(r.url).pathname + new URL(r.url).search));
  await cache.addAll(PRECACHE.filter((url) => !have.has(url)));
  if (!have.has(SHELL)) {
    // Without the cookie: the shell is the same for everyone and carries no one's data.
    const shell = await fetch(SHELL, { credentials: "omit", cache: "no-store" });
    if (shell.ok) await cache.put(SHELL, shell);
  }
}

self.addEventListener("install", (event) => {
  event.waitUntil(fill().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("vl-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  // The page asks after log-out (caches were cleared) or at each load (cheap when all is there).
  if (event.data === "fill") event.waitUntil(fill().catch(() => undefined));
});

async function navigate(request) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), NAVIGATION_TIMEOUT_MS);
  try {
    return await fetch(request, { signal: controller.signal });
  } catch {
    const url = new URL(request.url);
    const cache = await caches.open(CACHE);
    if (url.pathname === "/store/sell") {
      const shell = await cache.match(SHELL);
      if (shell) return shell;
    }
    return (await cache.match(OFFLINE_PAGE)) ?? Response.error();
  } finally {
    clearTimeout(timer);
  }
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(navigate(request));
    return;
  }
  // What was precached comes from the cache; other hashed build files (the camera's decoder,
  // other pages' code) are kept once fetched, so a camera opened once with a signal also scans
  // without one.
  if (PRECACHE.includes(url.pathname) || url.pathname.startsWith("/build/")) event.respondWith(cacheFirst(request));
});

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request, { ignoreSearch: true });
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") await cache.put(request, response.clone());
  return response;
}
