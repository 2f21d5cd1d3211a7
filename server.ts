import { randomBytes } from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Server } from "node:http";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import helmet from "helmet";
import { databasePath, openDatabase } from "./db/client";
import { migrateDatabase } from "./db/migrate";
import { startBackupBesideServer } from "./db/backup/beside-server";
import { backupHealth } from "./db/backup/status";
import { appClock, servedOverHttps } from "./app/config.server";
import { paymentOrigins } from "./app/domain/payments/stripe.server";
import "./app/http/route-match-cache.server";
import { serviceWorkerSource } from "./app/offline/precache.server";
import { refuseCrossOrigin } from "./app/http/same-origin.server";
import { staticFilesOnly } from "./app/http/public-files.server";

declare module "@remix-run/node" {
  interface AppLoadContext {
    ip: string;
    /** This response's Content-Security-Policy nonce, for the scripts Remix inlines. */
    cspNonce: string;
  }
}

const BUILD_PATH = path.resolve("build/index.js");

type AppEntry = {
  database: { ping: () => unknown; close: () => void };
  salesSyncReply: (request: Request, body: unknown) => Promise<{ status: number; body: unknown }>;
};

/**
 * Express reads a number as "this many proxy hops" but a string as addresses to trust: the env
 * var "1" would trust the address 0.0.0.1, so every client would share the proxy's address and
 * the per-IP login limit would lock a whole county out together. Digits are hops here.
 */
function trustProxySetting(value: string): number | boolean | string {
  if (/^\d+$/.test(value)) return Number(value);
  if (value === "true" || value === "false") return value === "true";
  return value;
}

/**
 * Helmet's settings for every answer, pages and JSON alike. Helmet's "no-referrer" makes Chromium
 * send `Origin: null` on form posts, which Remix's CSRF check (origin must match host) rejects:
 * keep the origin for same-site requests.
 */
const securityHeaders = {
  strictTransportSecurity: servedOverHttps,
  crossOriginEmbedderPolicy: false,
  referrerPolicy: { policy: "strict-origin-when-cross-origin" as const },
};

export async function createApp() {
  const build = (await import(pathToFileURL(BUILD_PATH).href)) as ServerBuild;
  const { database, salesSyncReply } = build.entry.module as unknown as AppEntry;
  const app = express();
  app.disable("x-powered-by");
  if (process.env.TRUST_PROXY) app.set("trust proxy", trustProxySetting(process.env.TRUST_PROXY));
  const compress = compression();

  // The offline outbox's sync (decision 032): JSON straight to the domain, past the page router,
  // and ahead of the page middleware. A JSON answer runs no script, so it needs no CSP with a
  // fresh nonce (building it was most of the 4 % helmet cost a single-sale sync): the same
  // helmet settings without it, and the same cross-origin refusal as every write.
  app.post(
    "/api/sales/sync",
    helmet({ ...securityHeaders, contentSecurityPolicy: false }),
    compress,
    refuseCrossOrigin,
    express.json({ limit: "2mb" }),
    (req, res, next) => {
      const headers = new Headers();
      for (const name of ["cookie", "origin", "host"]) {
        const value = req.get(name);
        if (value) headers.set(name, value);
      }
      salesSyncReply(
        new Request(`http://${req.get("host") ?? "localhost"}/api/sales/sync`, { headers }),
        req.body,
      ).then((reply) => res.status(reply.status).set("Cache-Control", "no-store").json(reply.body), next);
    },
  );
  // A body that is not JSON at all is a 400 like any malformed one, not an HTML error page.
  app.use(
    "/api/sales/sync",
    (error: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
      if (error && typeof error === "object" && "type" in error && error.type === "entity.parse.failed")
        res.status(400).json({ message: "malformed JSON" });
      else next(error);
    },
  );

  // A fresh nonce per response: the only inline scripts that run are the ones we rendered.
  app.use((_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString("base64");
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // Remix inlines its hydration data and route manifest as scripts: they carry the nonce.
          // 'wasm-unsafe-eval' lets the camera's barcode decoder (zxing-wasm, served from
          // /build/_assets) compile its WebAssembly; it allows no JavaScript eval (decision 034).
          "script-src": [
            "'self'",
            (_req, res) => `'nonce-${(res as express.Response).locals.cspNonce}'`,
            "'wasm-unsafe-eval'",
          ],
          "img-src": ["'self'", "data:", "blob:"],
          // "在线支付" posts to the app, which redirects to the payment page: allow its origin.
          "form-action": ["'self'", ...paymentOrigins()],
          "upgrade-insecure-requests": servedOverHttps ? [] : null,
        },
      },
      ...securityHeaders,
    }),
  );
  app.use(compress);

  app.get("/healthz", async (_req, res) => {
    try {
      database.ping();
    } catch {
      res.status(503).json({ ok: false });
      return;
    }
    // The app serves (200) while the backup is in trouble; `backup.problem` says so (decision 038).
    const backup = await backupHealth();
    res.json({ ok: true, backup });
  });

  // The service worker, its precache list taken from this build (decision 032). Never cached
  // by the HTTP cache, so a new version is found at the next visit.
  const serviceWorker = serviceWorkerSource(build);
  app.get("/sw.js", (_req, res) => {
    res.type("text/javascript").set("Cache-Control", "no-cache").send(serviceWorker);
  });

  // Fingerprinted build output can be cached forever; public files for an hour.
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  app.use(staticFilesOnly("public", express.static("public", { maxAge: "1h" }), ["/build"]));

  // Writes from another site's page are refused before anything reads the body.
  app.use(refuseCrossOrigin);

  app.all(
    "*",
    createRequestHandler({
      build,
      mode: process.env.NODE_ENV ?? "production",
      getLoadContext: (req, res) => ({
        ip: req.ip ?? req.socket.remoteAddress ?? "unknown",
        cspNonce: String(res.locals.cspNonce),
      }),
    }),
  );
  return { app, database };
}

/** Stops taking connections, lets requests in flight finish, then closes the database. */
function shutdownOn(server: Server, database: AppEntry["database"], backup: { stop: () => Promise<void> }) {
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: shutting down`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.close(() => {
      database.close();
      // Litestream's last sync after the last write, then exit.
      void backup.stop().finally(() => process.exit(0));
    });
    server.closeIdleConnections();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

export async function startServer(port = Number(process.env.PORT ?? 3000), host = process.env.HOST ?? "0.0.0.0") {
  // Migrations run on a connection of their own, closed before the app opens its own.
  const migrator = openDatabase();
  migrateDatabase(migrator, appClock.now());
  migrator.$client.close();
  const backup = startBackupBesideServer(appClock.now());
  const { app, database } = await createApp();
  const server = app.listen(port, host, () => {
    console.log(`VillageLink listening on http://localhost:${port} (database ${databasePath()})`);
  });
  // Node closes a kept-alive connection after 5 s without a request by default, on a timer that
  // runs before the sockets are read: under a burst the event loop can be busy that long, and
  // the phone's next request, already sent, met a reset (ECONNRESET). A minute is above any
  // stall and above the idle timeout of the proxies the app sits behind (decision 033).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  shutdownOn(server, database, backup);
  return server;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve("server.ts")) {
  await startServer();
}
