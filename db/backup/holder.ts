import fs from "node:fs";
import path from "node:path";

/**
 * Who holds a database file, so that a restore never swaps a file out from under a running
 * server (decision 038). Two checks: the server's marker (`<db>.server.json`, written at start,
 * removed at a clean stop; a marker whose process is gone is stale, e.g. after kill -9) and, on
 * Linux, any process with the database or its WAL open (/proc/<pid>/fd): a worker, a second
 * server, a sqlite3 shell.
 */
export type Holder = { pid: number; how: "server marker" | "open file"; command: string };

export function markerFile(databaseFile: string): string {
  return `${path.resolve(databaseFile)}.server.json`;
}

/** Written by the server at start-up; the returned function removes it (only if it is still ours). */
export function writeServerMarker(databaseFile: string, startedAt: number): () => void {
  const file = markerFile(databaseFile);
  fs.writeFileSync(file, JSON.stringify({ pid: process.pid, startedAt, argv: process.argv.slice(1) }));
  return () => {
    try {
      if ((JSON.parse(fs.readFileSync(file, "utf8")) as { pid: number }).pid === process.pid) fs.rmSync(file);
    } catch {
      // already gone
    }
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function commandOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
  } catch {
    return "";
  }
}

export function databaseHolders(databaseFile: string): Holder[] {
  const file = path.resolve(databaseFile);
  const holders: Holder[] = [];
  try {
    const marker = JSON.parse(fs.readFileSync(markerFile(file), "utf8")) as { pid: number; argv?: string[] };
    const command = commandOf(marker.pid);
    // Where /proc tells, a live pid running something else is a reused pid: the marker is stale.
    const sameProgram = !command || !marker.argv?.[0] || command.includes(path.basename(marker.argv[0]));
    if (marker.pid !== process.pid && alive(marker.pid) && sameProgram)
      holders.push({ pid: marker.pid, how: "server marker", command });
  } catch {
    // no marker, or not readable: nothing to say
  }
  const targets = new Set([file, `${file}-wal`, `${file}-shm`]);
  let pids: string[] = [];
  try {
    pids = fs.readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return holders; // not Linux: the marker is the check
  }
  for (const pid of pids.map(Number)) {
    if (pid === process.pid || holders.some((h) => h.pid === pid)) continue;
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone, or another user's
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      if (targets.has(target)) {
        holders.push({ pid, how: "open file", command: commandOf(pid) });
        break;
      }
    }
  }
  return holders;
}
