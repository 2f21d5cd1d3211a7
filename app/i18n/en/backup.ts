import type { backup as zh } from "../zh-CN/backup";

export const backup = {
  "backup.nav": "Backup",
  "backup.title": "Backups",
  "backup.intro":
    "The county's stores, stock, sales, credit books and accounts live in one database file on this machine. An off-machine replica is synced every second; a snapshot is kept every hour.",
  "backup.replica": "Off-machine replica",
  "backup.replica.off":
    "No replica is configured: if this machine is lost, the data is lost. Set BACKUP_REPLICA_URL (README, 'Backups and restore').",
  "backup.replica.starting": "The replica is being set up; refresh in a moment",
  "backup.replica.ok": "OK",
  "backup.replica.lagging": "The replica is more than a minute behind: check the network and the storage",
  "backup.replica.error": "Could not read the replica's state: {message}",
  "backup.target": "Replica",
  "backup.interval": "synced every {seconds} s",
  "backup.lag": "Behind by",
  "backup.lagSeconds": "{seconds} s",
  "backup.lastSync": "Last successful sync",
  "backup.snapshots": "Snapshots",
  "backup.latestSnapshot": "Latest snapshot",
  "backup.snapshotCount": "{n} in all",
  "backup.noSnapshot": "No snapshot yet (the worker takes one every hour)",
  "backup.retention": "One an hour kept for 2 days, one a day for 30 days; uploaded files are kept with each snapshot.",
  "backup.restore":
    "To restore: stop the server, then run npm run restore (steps in the README, 'Backups and restore').",
  "backup.kind.hourly": "hourly",
  "backup.kind.migration": "before an upgrade",
  "backup.problem.no-replica": "No off-machine backup: if this machine is lost, the data is lost →",
  "backup.problem.lagging": "The off-machine backup is more than a minute behind →",
  "backup.problem.replica-error": "The off-machine backup is failing →",
  "backup.kind.manual": "manual",
} satisfies Record<keyof typeof zh, string>;
