import http from "node:http";
import { randomBytes } from "node:crypto";

/**
 * A closed-loop load generator, run as its own process so it does not share an event loop with
 * the server: `concurrency` clients each send a request, wait for the answer, and send the next.
 * Records every latency, so percentiles are exact (no histogram buckets).
 */
export type LoadSpec = {
  url: string;
  method?: "GET" | "POST";
  /** For POST: urlencoded form; "{id}" is replaced by a fresh random id per request (idempotency keys). */
  form?: Record<string, string>;
  /**
   * For POST: a JSON body; every "{id}" becomes a fresh random id and every "{now}" the current
   * epoch ms, per request (a batch of 100 sales gets 100 ids).
   */
  json?: string;
  /** Several paths to rotate through (e.g. different products), replacing the url's path. */
  paths?: string[];
  cookie?: string;
  concurrency: number;
  durationMs: number;
};

export type LoadResult = {
  requests: number;
  errors: number;
  /** What the errors were: "HTTP <status>" or the socket error's code, with counts. */
  errorKinds?: Record<string, number>;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
};

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.concurrency });
  const base = new URL(spec.url);
  const latencies: number[] = [];
  let errors = 0;
  const errorKinds: Record<string, number> = {};
  const fail = (kind: string) => {
    errors++;
    errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
  };
  let n = 0;
  const deadline = performance.now() + spec.durationMs;

  const once = () =>
    new Promise<void>((resolve) => {
      const path = spec.paths ? spec.paths[n++ % spec.paths.length] : base.pathname + base.search;
      const body = spec.json
        ? spec.json.replace(/\{id\}|"\{now\}"/g, (m) =>
            m === "{id}" ? randomBytes(12).toString("base64url") : String(Date.now()),
          )
        : spec.form
          ? new URLSearchParams(
              Object.entries(spec.form).map(([k, v]) => [k, v.replace("{id}", randomBytes(12).toString("base64url"))]),
            ).toString()
          : undefined;
      const started = performance.now();
      const req = http.request(
        {
          host: base.hostname,
          port: base.port,
          path,
          method: spec.method ?? "GET",
          agent,
          headers: {
            ...(spec.cookie ? { Cookie: spec.cookie } : {}),
            ...(body
              ? {
                  "Content-Type": spec.json ? "application/json" : "application/x-www-form-urlencoded",
                  "Content-Length": Buffer.byteLength(body),
                }
              : {}),
            Origin: base.origin,
          },
        },
        (res) => {
          res.resume();
          res.on("end", () => {
            latencies.push(performance.now() - started);
            if (!res.statusCode || res.statusCode >= 400) fail(`HTTP ${res.statusCode}`);
            resolve();
          });
        },
      );
      req.on("error", (error: NodeJS.ErrnoException) => {
        fail(error.code ?? error.message);
        resolve();
      });
      req.end(body);
    });

  const started = performance.now();
  await Promise.all(
    Array.from({ length: spec.concurrency }, async () => {
      while (performance.now() < deadline) await once();
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    requests: latencies.length,
    errors,
    ...(errors ? { errorKinds } : {}),
    // One decimal: a scenario of ~20 requests/s (batches of 100 sales) would lose 2 % to rounding.
    rps: Math.round((latencies.length / elapsed) * 10) / 10,
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    p99: round(percentile(latencies, 99)),
  };
}

// As a child process: the spec comes as JSON in argv, the result goes to stdout.
if (process.argv[2] === "--spec") {
  const result = await runLoad(JSON.parse(process.argv[3]) as LoadSpec);
  process.stdout.write(JSON.stringify(result));
}
