import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessions, users } from "@db/schema";
import { MAX_FAILURES_PER_IP, MAX_FAILURES_PER_PHONE } from "~/domain/identity/log-in.server";
import { makeStore, makeUser, uniquePhone } from "../support/factories";
import { inputValue, pageLang, shows } from "../support/html";
import { Client, startTestServer, type TestServer } from "../support/server";
import { dbSnapshot } from "../support/snapshot";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const sessionCookieOf = (res: Response) => res.headers.getSetCookie().find((c) => c.startsWith("vl_session="));
const sessionsOf = (userId: string) => server.db.select().from(sessions).where(eq(sessions.userId, userId)).all();

describe("sign-up over HTTP", () => {
  it("answers bad input with 400, field errors in Chinese, the values typed kept, the password not echoed, and nothing written", async () => {
    const client = new Client(server.url);
    const before = dbSnapshot(server.db);
    const res = await client.post("/signup", { name: "", phone: "12345", password: "short-1" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(pageLang(html)).toBe("zh-CN");
    expect(shows(html, "提交的内容有误，请检查后重试。")).toBe(true);
    expect(shows(html, "必填")).toBe(true);
    expect(shows(html, "请输入 11 位手机号，以 1 开头")).toBe(true);
    expect(shows(html, "密码至少 8 位")).toBe(true);
    expect(inputValue(html, "phone")).toBe("12345");
    expect(html).not.toContain("short-1");
    expect(sessionCookieOf(res)).toBeUndefined();
    expect(dbSnapshot(server.db)).toEqual(before);
  });

  it("says the same in English when the language cookie says so", async () => {
    const client = new Client(server.url);
    const res = await client.post("/signup", { name: "Wang", phone: "2345", password: "x" }, { Cookie: "vl_lang=en" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(pageLang(html)).toBe("en");
    expect(shows(html, "Enter an 11-digit mobile number starting with 1")).toBe(true);
    expect(shows(html, "At least 8 characters")).toBe(true);
    expect(inputValue(html, "name")).toBe("Wang");
    expect(html).not.toContain("请输入 11 位手机号");
  });

  it("refuses a name over 30 characters with the limit in the message", async () => {
    const res = await new Client(server.url).post("/signup", {
      name: "名".repeat(31),
      phone: uniquePhone(),
      password: "longenough",
    });
    expect(res.status).toBe(400);
    expect(shows(await res.text(), "太长了，最多 30 个字")).toBe(true);
  });

  it("creates the account with a scrypt hash, signs in and sends the person to choose or open a store", async () => {
    const client = new Client(server.url);
    const phone = uniquePhone();
    const res = await client.post("/signup", {
      name: "王芳",
      phone: `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`,
      password: "longenough",
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/orgs");
    const user = server.db.select().from(users).where(eq(users.phone, phone)).get();
    expect(user).toMatchObject({ name: "王芳", locale: "zh-CN" });
    expect(user?.passwordHash).toMatch(/^scrypt\$/);
    expect(user?.passwordHash).not.toContain("longenough");
    const orgs = await client.get("/orgs");
    expect(orgs.status).toBe(200);
    expect(shows(await orgs.text(), "你还没有加入任何门店或组织。")).toBe(true);
  });

  it("refuses a number already registered with 409 and a Chinese message, writing nothing", async () => {
    const existing = await makeUser(server.db);
    const before = dbSnapshot(server.db);
    const res = await new Client(server.url).post("/signup", {
      name: "冒名",
      phone: existing.phone,
      password: "longenough",
    });
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(shows(html, "这个手机号已经注册，请直接登录")).toBe(true);
    expect(inputValue(html, "phone")).toBe(existing.phone);
    expect(dbSnapshot(server.db)).toEqual(before);
  });
});

describe("log-in over HTTP", () => {
  it("sets an HttpOnly, SameSite=Lax session cookie (not Secure over plain http) and follows a same-site redirectTo", async () => {
    const { user } = await makeStore(server.db);
    const client = new Client(server.url);
    const res = await client.post("/login", {
      phone: user.phone,
      password: user.password,
      redirectTo: "/store/products",
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/store/products");
    const cookie = sessionCookieOf(res)!;
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(cookie).toMatch(/; Path=\//i);
    expect(cookie).toMatch(/; Max-Age=2592000/i);
    expect(cookie).not.toMatch(/; Secure/i);
    // The cookie carries a token whose hash alone is stored.
    const [stored] = sessionsOf(user.id);
    expect(cookie).not.toContain(stored.tokenHash);
    expect((await client.get("/store/products")).status).toBe(200);
  });

  it("never redirects off the site after logging in", async () => {
    const user = await makeUser(server.db);
    // Browsers drop tabs and newlines inside URLs and read "\\" as "/": each of these is "//evil.example".
    for (const redirectTo of [
      "//evil.example/",
      "https://evil.example/",
      "/\\evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r\n/evil.example",
    ]) {
      const res = await new Client(server.url).post("/login", {
        phone: user.phone,
        password: user.password,
        redirectTo,
      });
      expect(res.status).toBe(302);
      const location = res.headers.get("location")!;
      expect(new URL(location, server.url).origin, JSON.stringify(redirectTo)).toBe(new URL(server.url).origin);
      expect(location).toBe("/");
    }
  });

  it("answers a wrong password and an unknown number with 401 and the same Chinese message", async () => {
    const user = await makeUser(server.db);
    const wrong = await new Client(server.url).post("/login", { phone: user.phone, password: "not-the-password" });
    const unknown = await new Client(server.url).post("/login", { phone: uniquePhone(), password: "not-the-password" });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(sessionCookieOf(res)).toBeUndefined();
      expect(shows(await res.text(), "手机号或密码不对")).toBe(true);
    }
    expect(sessionsOf(user.id)).toEqual([]);
  });

  it("answers a badly typed number with 400 before checking anything", async () => {
    const res = await new Client(server.url).post("/login", { phone: "abc", password: "whatever" });
    expect(res.status).toBe(400);
    expect(shows(await res.text(), "请输入 11 位手机号，以 1 开头")).toBe(true);
  });

  it(`limits a number after ${MAX_FAILURES_PER_PHONE} failures with 429 and a Chinese message, even for the right password`, async () => {
    const user = await makeUser(server.db);
    const client = new Client(server.url);
    for (let i = 0; i < MAX_FAILURES_PER_PHONE; i++) {
      expect((await client.post("/login", { phone: user.phone, password: `guess-${i}` })).status).toBe(401);
    }
    const limited = await client.post("/login", { phone: user.phone, password: user.password });
    expect(limited.status).toBe(429);
    expect(shows(await limited.text(), "尝试次数太多，请 15 分钟后再试")).toBe(true);
    expect(sessionCookieOf(limited)).toBeUndefined();
    expect(sessionsOf(user.id)).toEqual([]);
  });
});

describe("sessions over HTTP", () => {
  it("sends a visitor without a session to log in, remembering where they were going", async () => {
    const res = await new Client(server.url).get("/store/products?filter=low");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent("/store/products?filter=low")}`);
  });

  it("ignores a forged or stale session cookie", async () => {
    const res = await new Client(server.url).get("/store", {
      Cookie: "vl_session=InRoaXMtaXMtbm90LWEtcmVhbC10b2tlbi1hdC1hbGwi",
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
  });

  it("logs out with POST only: the session row goes, the cookie is cleared and stops working", async () => {
    const { user } = await makeStore(server.db);
    const client = new Client(server.url);
    await client.logIn(user.phone, user.password);
    const stolenCookie = client.cookieHeader();

    // A GET (a link preview, a prefetch) never logs anyone out.
    expect((await client.get("/logout")).status).toBe(302);
    expect(sessionsOf(user.id)).toHaveLength(1);

    const res = await client.post("/logout", {});
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login");
    expect(sessionCookieOf(res)).toMatch(/^vl_session=;.*Max-Age=0/i);
    expect(sessionsOf(user.id)).toEqual([]);
    const replay = await fetch(`${server.url}/store`, { headers: { Cookie: stolenCookie }, redirect: "manual" });
    expect(replay.status).toBe(302);
    expect(replay.headers.get("location")).toMatch(/^\/login/);
  });

  it("logs out everywhere: another device's session stops working, another person's does not", async () => {
    const { user, org } = await makeStore(server.db);
    const other = await makeStore(server.db);
    const phone = new Client(server.url);
    const pc = new Client(server.url);
    const someoneElse = new Client(server.url);
    await phone.logIn(user.phone, user.password);
    await pc.logIn(user.phone, user.password);
    await someoneElse.logIn(other.user.phone, other.user.password);
    expect(sessionsOf(user.id)).toHaveLength(2);

    const res = await phone.post("/logout", { everywhere: "1" });
    expect(res.status).toBe(302);
    expect(sessionsOf(user.id)).toEqual([]);
    const onPc = await pc.get("/store");
    expect(onPc.status).toBe(302);
    expect(onPc.headers.get("location")).toBe("/login?redirectTo=%2Fstore");
    expect((await someoneElse.get("/store")).status).toBe(200);
    // Logging in again works as before.
    await pc.logIn(user.phone, user.password);
    expect(await (await pc.get("/store")).text()).toContain(org.name);
  });
});

describe("language", () => {
  it("switches to English with a cookie, saves it on the account, and keeps it on another device", async () => {
    const { user } = await makeStore(server.db);
    const client = new Client(server.url);
    await client.logIn(user.phone, user.password);
    const res = await client.post("/settings/language", { locale: "en", redirectTo: "/store/products" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/store/products");
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("vl_lang="));
    expect(cookie).toMatch(/^vl_lang=en;/);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(server.db.select().from(users).where(eq(users.id, user.id)).get()?.locale).toBe("en");

    const page = await (await client.get("/store/products")).text();
    expect(pageLang(page)).toBe("en");
    expect(page).toContain("Products");

    // A new device without the cookie follows the account's preference once signed in.
    const other = new Client(server.url);
    await other.logIn(user.phone, user.password);
    expect(pageLang(await (await other.get("/store")).text())).toBe("en");

    // And back to Chinese.
    await client.post("/settings/language", { locale: "zh-CN", redirectTo: "/store" });
    expect(pageLang(await (await client.get("/store")).text())).toBe("zh-CN");
    expect(server.db.select().from(users).where(eq(users.id, user.id)).get()?.locale).toBe("zh-CN");
  });

  it("works before signing in (cookie only) and ignores an unknown language or a foreign redirect", async () => {
    const client = new Client(server.url);
    const res = await client.post("/settings/language", { locale: "en", redirectTo: "https://evil.example/" });
    expect(res.headers.get("location")).toBe("/");
    const login = await (await client.get("/login")).text();
    expect(pageLang(login)).toBe("en");
    expect(login).toContain("Mobile number");

    // Cookies from before the plain format (Remix's base64 JSON of "en") still count.
    expect(
      pageLang(await (await new Client(server.url).get("/login", { Cookie: "vl_lang=ImVuIg%3D%3D" })).text()),
    ).toBe("en");
    expect(pageLang(await (await new Client(server.url).get("/login", { Cookie: "vl_lang=fr" })).text())).toBe("zh-CN");

    const bad = await new Client(server.url).post("/settings/language", { locale: "fr", redirectTo: "/login" });
    expect(bad.status).toBe(302);
    expect(bad.headers.getSetCookie().some((c) => c.startsWith("vl_lang="))).toBe(false);
  });
});

describe("in production behind an https proxy (no ALLOW_HTTP, TRUST_PROXY=1)", () => {
  let prod: TestServer;
  beforeAll(async () => {
    prod = await startTestServer({ env: { ALLOW_HTTP: "0", TRUST_PROXY: "1" } });
  });
  afterAll(() => prod?.stop());

  it("marks the session and language cookies Secure and tells browsers to stay on https", async () => {
    const user = await makeUser(prod.db);
    const login = await new Client(prod.url).post("/login", { phone: user.phone, password: user.password });
    expect(login.status).toBe(302);
    const cookie = sessionCookieOf(login)!;
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    const lang = await new Client(prod.url).post("/settings/language", { locale: "en", redirectTo: "/" });
    expect(lang.headers.getSetCookie().find((c) => c.startsWith("vl_lang="))).toMatch(/; Secure/i);
    expect(login.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
  });

  it(`limits an address after ${MAX_FAILURES_PER_IP} failures across numbers with 429, leaving other addresses alone`, async () => {
    const user = await makeUser(prod.db);
    const from = (ip: string) => ({ "X-Forwarded-For": ip });
    for (let i = 0; i < MAX_FAILURES_PER_IP; i++) {
      const res = await new Client(prod.url).post(
        "/login",
        { phone: uniquePhone(), password: "guess" },
        from("203.0.113.7"),
      );
      expect(res.status).toBe(401);
    }
    const limited = await new Client(prod.url).post(
      "/login",
      { phone: user.phone, password: user.password },
      from("203.0.113.7"),
    );
    expect(limited.status).toBe(429);
    expect(shows(await limited.text(), "尝试次数太多，请 15 分钟后再试")).toBe(true);
    const elsewhere = await new Client(prod.url).post(
      "/login",
      { phone: user.phone, password: user.password },
      from("198.51.100.9"),
    );
    expect(elsewhere.status).toBe(302);
  }, 60_000);
});
