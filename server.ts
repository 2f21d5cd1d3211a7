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

declare module "@remix-run/node" {
  interface AppLoadContext {
    ip: string;
  }
}

const BUILD_PATH = path.resolve("build/index.js");

type AppEntry = { database: { ping: () => unknown; close: () => void } };

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

export async function createApp() {
  const build = (await import(pathToFileURL(BUILD_PATH).href)) as ServerBuild;
  const { database } = build.entry.module as unknown as AppEntry;
  const app = express();
  app.disable("x-powered-by");
  if (process.env.TRUST_PROXY) app.set("trust proxy", trustProxySetting(process.env.TRUST_PROXY));

  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // Remix inlines its hydration data and route manifest as scripts.
          "script-src": ["'self'", "'unsafe-inline'"],
          "img-src": ["'self'", "data:", "blob:"],
          // "在线支付" posts to the app, which redirects to the payment page: allow its origin.
          "form-action": ["'self'", ...paymentOrigins()],
          "upgrade-insecure-requests": servedOverHttps ? [] : null,
        },
      },
      strictTransportSecurity: servedOverHttps,
      crossOriginEmbedderPolicy: false,
      // Helmet's "no-referrer" makes Chromium send `Origin: null` on form posts, which Remix's
      // CSRF check (origin must match host) rejects: keep the origin for same-site requests.
      referrerPolicy: { policy: "strict-origin-when-cross-origin" },
    }),
  );
  app.use(compression());

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

  // Fingerprinted build output can be cached forever; public files for an hour.
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  app.use(express.static("public", { maxAge: "1h" }));

  app.all(
    "*",
    createRequestHandler({
      build,
      mode: process.env.NODE_ENV ?? "production",
      getLoadContext: (req) => ({ ip: req.ip ?? req.socket.remoteAddress ?? "unknown" }),
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
  shutdownOn(server, database, backup);
  return server;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve("server.ts")) {
  await startServer();
}
