/**
 * `npm run restore` — bring the database back (decision 038, README "Backups and restore"):
 *   npm run restore                                  the replica's latest state (BACKUP_REPLICA_URL)
 *   npm run restore -- --at 2026-12-05T03:00:00Z     the replica as of that instant
 *   npm run restore -- --from s3://bucket/villagelink  another replica than BACKUP_REPLICA_URL
 *   npm run restore -- --snapshot                    the newest snapshot in BACKUP_SNAPSHOT_DIR
 *   npm run restore -- --snapshot --at 2026-12-04T20:00:00+08:00   the newest at or before that
 *   npm run restore -- --snapshot FILE               that snapshot file
 * Into a new file, checked (integrity_check, the ledger invariants), then swapped in for
 * DATABASE_PATH; the file it replaces is kept beside it. Refused while a server holds the database.
 */
import { parseArgs } from "node:util";
import { backupConfig, replicaUrl } from "../db/backup/config";
import { restoreDatabase, RestoreRefused, type RestoreSource } from "../db/backup/restore";
import { uploadsDirectory } from "../db/files";

const { values, positionals } = parseArgs({
  options: {
    at: { type: "string" },
    from: { type: "string" },
    snapshot: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
  allowPositionals: true,
});

function usage(code: number): never {
  console.log(
    "usage: npm run restore [-- --at ISO-TIME] [--from REPLICA-URL] | [-- --snapshot [FILE] [--at ISO-TIME]]\n" +
      "restores DATABASE_PATH (default data/villagelink.sqlite) from BACKUP_REPLICA_URL or BACKUP_SNAPSHOT_DIR",
  );
  process.exit(code);
}

if (values.help) usage(0);
let at: number | undefined;
if (values.at !== undefined) {
  at = Date.parse(values.at);
  if (Number.isNaN(at)) {
    console.error(
      `--at ${values.at}: not a time (use ISO 8601, e.g. 2026-12-05T03:00:00Z or 2026-12-05T11:00:00+08:00)`,
    );
    usage(2);
  }
}
if (positionals.length > 1 || (positionals.length === 1 && !values.snapshot)) usage(2);

const config = backupConfig();
if (values.from) config.replicaUrl = replicaUrl(values.from);
const source: RestoreSource = values.snapshot
  ? { from: "snapshot", file: positionals[0], at }
  : { from: "replica", at };

try {
  // The wall clock on purpose: the names of the files kept aside say when the restore happened.
  const result = await restoreDatabase(config, source, {
    uploadsDir: uploadsDirectory(),
    now: Date.now(),
    log: (line) => console.log(line),
  });
  console.log(`restored ${result.databaseFile} (${(result.bytes / 1e6).toFixed(1)} MB) from ${result.source}`);
  console.log(
    `  fetched in ${(result.fetchMs / 1000).toFixed(2)} s, checked in ${(result.checkMs / 1000).toFixed(2)} s, ` +
      `${(result.totalMs / 1000).toFixed(2)} s in all`,
  );
  if (result.keptAside) console.log(`  the file it replaced is kept as ${result.keptAside}`);
  if (result.uploads) console.log(`  uploads from ${result.uploads}`);
  console.log("start the server again: npm run serve");
} catch (error) {
  if (!(error instanceof RestoreRefused)) throw error;
  console.error(`restore refused: ${error.message}`);
  process.exitCode = 1;
}
