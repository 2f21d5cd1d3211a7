import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import { openDatabase, type Db } from "../../db/client";
import { PINNED_CLOCK_ENV } from "./clock";
import { copyBaseDb } from "./db";
import { ROOT } from "./paths";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

export type TestServer = {
  url: string;
  dbFile: string;
  /** A second connection to the server's database file, for arranging data and checking writes. */
  db: Db;
  process: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
};

/**
 * How the server is started, as `npm run serve` starts it: plain node on the compiled server
 * (build/server/serve.js, `npm run build`), with the heap settings of decision 045.
 */
export const SERVER_COMMAND = ["--max-old-space-size=512", "--max-semi-space-size=8", "build/server/serve.js"];

/**
 * The real built server (build/ from `npm run build`, run as `npm run serve` runs it) on a free port, with
 * its own copy of the migrated database. Tests talk to it over HTTP only. Its clock starts at
 * PINNED_NOW (CLOCK_START) and runs on from there, as the tests' contexts read it; a test that
 * needs another moment passes its own CLOCK_START in `env`.
 */
export async function startTestServer({
  env = {} as Record<string, string>,
  dbFile = copyBaseDb(),
  port: wanted,
  command = SERVER_COMMAND,
}: {
  env?: Record<string, string>;
  /** Node's arguments: flags and the script (a bench compares ways of starting the server). */
  command?: string[];
  dbFile?: string;
  /** The port of a server that was killed, to bring it back where the phones look for it. */
  port?: number;
} = {}): Promise<TestServer> {
  // freePort's port is free when asked, not reserved: a test file starting its server in another
  // worker at the same moment can be given it too. Then one server cannot bind (and is started
  // again on another port), and the other's /healthz must not pass for it: a server is up when
  // its own output says it listens on the port, and it answers there.
  for (let attempt = 1; ; attempt++) {
    const port = wanted ?? (await freePort());
    const child = spawn(process.execPath, command, {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: "production",
        ALLOW_HTTP: "1",
        PORT: String(port),
        HOST: "127.0.0.1",
        DATABASE_PATH: dbFile,
        ...PINNED_CLOCK_ENV,
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout?.on("data", (d) => (output += d));
    child.stderr?.on("data", (d) => (output += d));
    const url = `http://127.0.0.1:${port}`;
    const up = await untilListening(child, () => output, port, url);
    if (up === "port taken" && !wanted && attempt < 3) continue;
    if (up !== "up") throw new Error(`server ${up}:\n${output}`);
    return testServer(url, dbFile, child, () => output);
  }
}

/** Waits for this child to listen on `port` and answer /healthz there. */
async function untilListening(
  child: ChildProcess,
  output: () => string,
  port: number,
  url: string,
): Promise<"up" | "port taken" | "exited early" | "did not start in 30 s"> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) return output().includes("EADDRINUSE") ? "port taken" : "exited early";
    if (output().includes(`listening on http://localhost:${port} `)) {
      try {
        if ((await fetch(`${url}/healthz`)).ok) return "up";
      } catch {
        // not answering yet
      }
    }
    if (Date.now() > deadline) return "did not start in 30 s";
    await new Promise((r) => setTimeout(r, 100));
  }
}

function testServer(url: string, dbFile: string, child: ChildProcess, output: () => string): TestServer {
  const db = openDatabase(dbFile);
  return {
    url,
    dbFile,
    db,
    process: child,
    output,
    stop: async () => {
      db.$client.close();
      // A process killed by a signal (a crash test's SIGKILL) has exited with `exitCode` null and
      // `signalCode` set: waiting for its "exit" again would hang the suite's teardown.
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        const stuck = setTimeout(() => child.kill("SIGKILL"), 10_000);
        await exited;
        clearTimeout(stuck);
      }
      for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) fs.rmSync(f, { force: true });
    },
  };
}

/**
 * A cookie-keeping HTTP client that behaves like a browser with JavaScript off: forms are
 * posted urlencoded, redirects are not followed (tests look at them).
 */
export class Client {
  private cookies = new Map<string, string>();
  constructor(readonly baseUrl: string) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private remember(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === "" || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    const res = await fetch(this.baseUrl + path, {
      redirect: "manual",
      headers: { Cookie: this.cookieHeader(), ...headers },
    });
    this.remember(res);
    return res;
  }

  async post(
    path: string,
    form: Record<string, string | string[]> | FormData,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    let body: URLSearchParams | FormData;
    if (form instanceof FormData) body = form;
    else {
      body = new URLSearchParams();
      for (const [k, v] of Object.entries(form)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
    }
    const res = await fetch(this.baseUrl + path, {
      method: "POST",
      body,
      redirect: "manual",
      headers: { Cookie: this.cookieHeader(), ...headers },
    });
    this.remember(res);
    return res;
  }

  async logIn(phone: string, password: string): Promise<Response> {
    const res = await this.post("/login", { phone, password, redirectTo: "/" });
    if (res.status !== 302) throw new Error(`login failed with ${res.status}: ${await res.text()}`);
    return res;
  }

  /** Makes `orgId` the active organisation of this client's session. */
  async useOrg(orgId: string): Promise<void> {
    const res = await this.post("/orgs", { orgId });
    if (res.status !== 302) throw new Error(`switching org failed with ${res.status}`);
  }
}

/** A client of `server` logged in as `user` (the factories' password unless it has its own). */
export async function loggedInClient(server: { url: string }, user: { phone: string; password?: string }) {
  const client = new Client(server.url);
  await client.logIn(user.phone, user.password ?? "password123");
  return client;
}
