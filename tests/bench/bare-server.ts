import http from "node:http";

// The yardstick: the fastest a Node HTTP server answers a small JSON request on this machine.
const server = http.createServer((_req, res) => {
  const body = JSON.stringify({ ok: true, at: Date.now() });
  res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
  res.end(body);
});
server.listen(Number(process.env.PORT), "127.0.0.1", () => process.stdout.write("ready\n"));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
