import http from "node:http";
import Database from "better-sqlite3";
import { rawSaleTarget, rawSaleWriter } from "./raw-sale";

/**
 * Yardstick (b): a bare node:http server that records yardstick (a)'s 3-line sale per POST —
 * the same rows, the same prepared statements, one transaction per request — and answers a
 * small JSON. DATABASE_PATH, ORG_ID and ACTOR_ID name the store; the database is the bench's own
 * copy, in WAL mode with synchronous=NORMAL as the app opens it.
 */
const sqlite = new Database(process.env.DATABASE_PATH!);
sqlite.pragma("journal_mode = WAL");
sqlite.pragma("synchronous = NORMAL");
sqlite.pragma("foreign_keys = ON");
sqlite.pragma("busy_timeout = 5000");
const writer = rawSaleWriter(sqlite, rawSaleTarget(sqlite, process.env.ORG_ID!, process.env.ACTOR_ID!));

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    writer.one();
    const body = JSON.stringify({ ok: true });
    res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen(Number(process.env.PORT), "127.0.0.1", () => process.stdout.write("ready\n"));
process.on("SIGTERM", () => server.close(() => sqlite.close()));
