import { spawn, type ChildProcess } from "node:child_process";
import { PINNED_CLOCK_ENV } from "./clock";
import { ROOT } from "./paths";

export type Proc = {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

/**
 * Starts a TypeScript entry (e.g. the worker, `workers/index.ts`, or `["workers/cli.ts", …args]`) as its own OS process on the
 * given database file, its clock started at PINNED_NOW, keeping its output for assertions. Each process is added to `children`
 * so the test file can kill what is left in `afterAll`.
 */
export function spawnScript(
  children: ChildProcess[],
  script: string | string[],
  dbFile: string,
  env: Record<string, string> = {},
): Proc {
  const child = spawn(process.execPath, ["--import", "tsx", ...[script].flat()], {
    cwd: ROOT,
    env: { ...process.env, ...PINNED_CLOCK_ENV, DATABASE_PATH: dbFile, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let out = "";
  child.stdout?.on("data", (d) => (out += d));
  child.stderr?.on("data", (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => out, exited };
}

/** Polls `check` every 25 ms until it holds, or fails with what it was waiting for. */
export async function waitFor(check: () => boolean, what: string, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
