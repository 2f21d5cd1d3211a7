import path from "node:path";
import { databasePath } from "./client";

/**
 * Where the files the app owns live (certificate photos, price sheets, anything uploaded): one
 * directory beside the database unless `UPLOADS_DIR` says otherwise. Backups and restores cover
 * this directory with the database.
 */
export function uploadsDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.UPLOADS_DIR ?? path.join(path.dirname(env.DATABASE_PATH ?? databasePath()), "uploads"));
}
