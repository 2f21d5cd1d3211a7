import fs from "node:fs";
import path from "node:path";
import { openDatabase, type Db } from "../../db/client";
import { newId } from "../../app/domain/ids.server";
import { BASE_DB, TEST_OUTPUT } from "./paths";

/** A fresh copy of the migrated base database: a real SQLite file in WAL mode, per test file or test. */
export function copyBaseDb(): string {
  const file = path.join(TEST_OUTPUT, "db", `${newId()}.sqlite`);
  fs.copyFileSync(BASE_DB, file);
  return file;
}

export function createTestDb(): { db: Db; file: string; close: () => void } {
  const file = copyBaseDb();
  const db = openDatabase(file);
  return {
    db,
    file,
    close: () => {
      db.$client.close();
      for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    },
  };
}
