import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), "index.ts");

/**
 * `npm start` runs the compiled build/server/start.js (decision 045): its worker is the compiled
 * build/server/worker.js beside it, under plain node. Started from source (tsx), the source.
 */
function workerArgs(): string[] {
  const script = path.resolve(process.argv[1] ?? "");
  const compiled = path.join(path.dirname(script), "worker.js");
  if (script.endsWith(path.join("build", "server", "start.js")) && fs.existsSync(compiled)) return [compiled];
  return ["--import", "tsx", ENTRY];
}

/**
 * The embedded default (`npm start`): the worker as a child process beside the server, on the
 * same database file (decision 022). A separate process keeps a slow job (a payment endpoint
 * timing out) off the request path, and is exactly what `npm run workers` runs in production.
 * A crashed worker is started again after a pause; SIGTERM/SIGINT to the parent stop it too
 * (it finishes the job in hand), and it never outlives the parent.
 */
export function startEmbeddedWorker(): { stop: () => void } {
  let child: ChildProcess | undefined;
  let stopping = false;
  let restartMs = 1_000;
  const start = () => {
    const startedAt = Date.now();
    child = spawn(process.execPath, workerArgs(), { stdio: "inherit", env: process.env });
    child.on("exit", (code, signal) => {
      if (stopping) return;
      // A worker that keeps dying at start-up is retried less and less often (up to a minute).
      restartMs = Date.now() - startedAt > 60_000 ? 1_000 : Math.min(restartMs * 2, 60_000);
      console.error(`worker exited (${signal ?? code}); restarting in ${restartMs / 1000} s`);
      setTimeout(() => stopping || start(), restartMs).unref();
    });
  };
  const stop = () => {
    stopping = true;
    if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  };
  start();
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  process.on("exit", stop);
  return { stop };
}
