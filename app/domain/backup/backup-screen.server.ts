import { backupHealth, type BackupHealth } from "@db/backup/status";
import type { Ctx } from "../context.server";

export type BackupScreen = BackupHealth;

/**
 * The machine's backup as the distributor admin sees it (decision 038): Litestream's replica —
 * its lag and last successful sync, a lag over a minute flagged — and the worker's snapshots.
 * A read of the machine, not of the organisation; the page's guard (`backup.view`) decides who sees it.
 */
export async function backupScreen(_ctx: Ctx): Promise<BackupScreen> {
  return backupHealth();
}
