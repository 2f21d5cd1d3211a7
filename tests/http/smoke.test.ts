import { afterAll, beforeAll, expect, it } from "vitest";
import { makeStore } from "../support/factories";
import { Client, startTestServer, type TestServer } from "../support/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

it("serves health, security headers and a Chinese login page", async () => {
  const health = await fetch(`${server.url}/healthz`);
  // No replica configured for this server: healthy, and the backup part says so (decision 038).
  expect(await health.json()).toMatchObject({ ok: true, backup: { problem: "no-replica", replica: { state: "off" } } });
  const res = await fetch(`${server.url}/login`, { headers: { "Accept-Encoding": "gzip" } });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(res.headers.get("content-encoding")).toBe("gzip");
  const html = await res.text();
  expect(html).toContain('<html lang="zh-CN"');
  expect(html).toContain("手机号");
});

it("logs a store owner in and shows their store", async () => {
  const { user, org } = await makeStore(server.db);
  const client = new Client(server.url);
  await client.logIn(user.phone, user.password);
  const home = await client.get("/store");
  expect(home.status).toBe(200);
  expect(await home.text()).toContain(org.name);
});
