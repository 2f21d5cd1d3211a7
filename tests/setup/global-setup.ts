import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { openDatabase } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { TEST_OUTPUT } from "../support/paths";

/**
 * Once per run: one migrated SQLite file that every test copies (a copy is ~1 ms, a migration
 * far more), and a production build for the HTTP and browser tests if none exists yet.
 */
export default function setup() {
  process.env.VL_TEST_RUN ??= String(process.pid);
  const base = path.join(TEST_OUTPUT, `base-${process.env.VL_TEST_RUN}.sqlite`);
  fs.mkdirSync(path.join(TEST_OUTPUT, "db"), { recursive: true });
  // Workers spawned by the tests take their hourly snapshot beside the test database (decision 038).
  fs.rmSync(path.join(TEST_OUTPUT, "db", "snapshots"), { recursive: true, force: true });
  for (const f of [base, `${base}-wal`, `${base}-shm`]) fs.rmSync(f, { force: true });
  const db = openDatabase(base);
  migrateDatabase(db);
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  db.$client.close();
  if (!fs.existsSync("build/index.js")) {
    execFileSync("npx", ["remix", "build"], {
      stdio: "inherit",
      env: { ...process.env, VITE_CJS_IGNORE_WARNING: "true" },
    });
  }
  // The server itself runs compiled, as `npm run serve` runs it (decision 045).
  if (!fs.existsSync("build/server/serve.js")) {
    execFileSync(process.execPath, ["--import", "tsx", "scripts/build-server.ts"], { stdio: "inherit" });
  }
  return () => {
    for (const f of [base, `${base}-wal`, `${base}-shm`]) fs.rmSync(f, { force: true });
  };
}
