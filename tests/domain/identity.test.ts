import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { loginFailures, memberships, organisations, sessions, users } from "@db/schema";
import type { Ctx, UserCtx } from "~/domain/context.server";
import { Conflict, Forbidden, NotFound, RateLimited, Unauthenticated } from "~/domain/errors";
import {
  LOGIN_WINDOW_MS,
  logIn,
  logInSchema,
  MAX_FAILURES_PER_IP,
  MAX_FAILURES_PER_PHONE,
} from "~/domain/identity/log-in.server";
import {
  addClerk,
  addClerkSchema,
  createStore,
  createStoreSchema,
  listMemberships,
  listTeam,
  switchOrg,
} from "~/domain/identity/organisations.server";
import { verifyPassword } from "~/domain/identity/password.server";
import {
  countSessions,
  createSession,
  resolveSession,
  revokeAllSessions,
  revokeSession,
  SESSION_TTL_MS,
} from "~/domain/identity/sessions.server";
import { signUp, signUpSchema } from "~/domain/identity/sign-up.server";
import { createTestDb } from "../support/db";
import { addMember, makeOrg, makeStore, makeUser, TEST_PASSWORD, uniquePhone } from "../support/factories";
import { pinnedClock, PINNED_NOW } from "../support/clock";

const testDb = createTestDb();
const db = testDb.db;
afterAll(() => testDb.close());
/** One clock for the file: the session and log-in tests move it; each test starts at PINNED_NOW. */
const clock = pinnedClock();
afterEach(() => clock.set(PINNED_NOW));

const client = (ip = "10.0.0.1") => ({ ip, userAgent: "vitest" });
const noUa = { locale: "zh-CN" as const, userAgent: null };

function userCtx(user: { id: string; name: string; phone: string }): UserCtx {
  return {
    db,
    actor: { kind: "person", id: user.id, name: user.name, phone: user.phone },
    locale: "zh-CN",
    clock,
  };
}

function failuresFor(key: string): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(loginFailures)
      .where(eq(loginFailures.key, key))
      .get()?.n ?? 0
  );
}

/** A distinct IP per test, so the per-IP counter of one test never limits another. */
let ipSeq = 0;
const freshIp = () => `10.1.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}`;

describe("sign-up", () => {
  it("accepts an 11-digit number starting with 1, dropping the spaces and dashes people type", () => {
    const parsed = signUpSchema.safeParse({ name: " 张三 ", phone: "138 0013-8000", password: "longenough" });
    expect(parsed.success && parsed.data).toEqual({ name: "张三", phone: "13800138000", password: "longenough" });
  });

  it.each([
    ["too short", "1380013800"],
    ["too long", "138001380000"],
    ["not starting with 1", "23800138000"],
    ["letters", "1380013800a"],
    ["empty", ""],
  ])("refuses a phone number that is %s", (_label, phone) => {
    const parsed = signUpSchema.safeParse({ name: "张三", phone, password: "longenough" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.find((i) => i.path[0] === "phone")?.message).toBe("auth.phoneInvalid");
  });

  it("refuses a short password, a too-long one and an empty name with dictionary keys", () => {
    const short = signUpSchema.safeParse({ name: "张三", phone: uniquePhone(), password: "1234567" });
    expect(short.error?.issues.map((i) => i.message)).toEqual(["auth.passwordTooShort"]);
    const long = signUpSchema.safeParse({ name: "张三", phone: uniquePhone(), password: "x".repeat(73) });
    expect(long.error?.issues.map((i) => i.message)).toEqual(["auth.passwordTooLong"]);
    const noName = signUpSchema.safeParse({ name: "   ", phone: uniquePhone(), password: "longenough" });
    expect(noName.error?.issues.map((i) => [i.path[0], i.message])).toEqual([["name", "validation.required"]]);
  });

  it("stores a scrypt hash, never the password, and opens a session", async () => {
    const phone = uniquePhone();
    const result = await signUp(db, clock, { name: "张三", phone, password: "secret-pass-1" }, noUa);
    const row = db.select().from(users).where(eq(users.id, result.userId)).get();
    expect(row?.passwordHash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(row?.passwordHash).not.toContain("secret-pass-1");
    expect(await verifyPassword("secret-pass-1", row!.passwordHash)).toBe(true);
    expect(await verifyPassword("secret-pass-2", row!.passwordHash)).toBe(false);
    expect(resolveSession(db, clock, result.token)?.user).toMatchObject({
      id: result.userId,
      phone,
      locale: "zh-CN",
    });
    // The database holds only a hash of the cookie's token.
    const stored = db.select().from(sessions).where(eq(sessions.userId, result.userId)).all();
    expect(stored).toHaveLength(1);
    expect(stored[0].tokenHash).not.toBe(result.token);
  });

  it("salts every hash: two users with one password get different hashes", async () => {
    const a = await signUp(db, clock, { name: "甲", phone: uniquePhone(), password: "same-password" }, noUa);
    const b = await signUp(db, clock, { name: "乙", phone: uniquePhone(), password: "same-password" }, noUa);
    const hashOf = (id: string) => db.select().from(users).where(eq(users.id, id)).get()!.passwordHash;
    expect(hashOf(a.userId)).not.toBe(hashOf(b.userId));
  });

  it("refuses a phone number that is already registered with a Conflict on the phone field", async () => {
    const phone = uniquePhone();
    await signUp(db, clock, { name: "张三", phone, password: "longenough" }, noUa);
    const again = signUp(db, clock, { name: "李四", phone, password: "otherpass" }, noUa);
    await expect(again).rejects.toBeInstanceOf(Conflict);
    await expect(again).rejects.toMatchObject({
      status: 409,
      key: "auth.phoneTaken",
      fieldErrors: { phone: "auth.phoneTaken" },
    });
    expect(db.select().from(users).where(eq(users.phone, phone)).all()).toHaveLength(1);
  });

  it("lets exactly one of two racing sign-ups with one number through", async () => {
    const phone = uniquePhone();
    const results = await Promise.allSettled([
      signUp(db, clock, { name: "甲", phone, password: "longenough" }, noUa),
      signUp(db, clock, { name: "乙", phone, password: "longenough" }, noUa),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(rejected?.reason).toBeInstanceOf(Conflict);
    expect(db.select().from(users).where(eq(users.phone, phone)).all()).toHaveLength(1);
  });
});

describe("log-in", () => {
  it("opens a session with the right password and normalises the typed number", async () => {
    const user = await makeUser(db);
    const input = logInSchema.parse({
      phone: `${user.phone.slice(0, 3)} ${user.phone.slice(3)}`,
      password: TEST_PASSWORD,
    });
    const session = await logIn(db, clock, input, client(freshIp()));
    expect(session.userId).toBe(user.id);
    expect(resolveSession(db, clock, session.token)?.user.id).toBe(user.id);
  });

  it("answers a wrong password and an unknown number alike, and counts both as failures", async () => {
    const user = await makeUser(db);
    const ip = freshIp();
    await expect(
      logIn(db, clock, { phone: user.phone, password: "wrong-password" }, client(ip)),
    ).rejects.toBeInstanceOf(Unauthenticated);
    const stranger = uniquePhone();
    const unknown = logIn(db, clock, { phone: stranger, password: TEST_PASSWORD }, client(ip));
    await expect(unknown).rejects.toBeInstanceOf(Unauthenticated);
    await expect(unknown).rejects.toMatchObject({ status: 401, key: "auth.badCredentials" });
    expect(failuresFor(`phone:${user.phone}`)).toBe(1);
    expect(failuresFor(`phone:${stranger}`)).toBe(1);
    expect(failuresFor(`ip:${ip}`)).toBe(2);
    expect(countSessions(db, clock, user.id)).toBe(0);
  });

  it(`limits a number after ${MAX_FAILURES_PER_PHONE} failures, even from other addresses and with the right password`, async () => {
    const user = await makeUser(db);
    for (let i = 0; i < MAX_FAILURES_PER_PHONE; i++) {
      await expect(
        logIn(db, clock, { phone: user.phone, password: "wrong" }, client(freshIp())),
      ).rejects.toBeInstanceOf(Unauthenticated);
    }
    const limited = logIn(db, clock, { phone: user.phone, password: TEST_PASSWORD }, client(freshIp()));
    await expect(limited).rejects.toBeInstanceOf(RateLimited);
    await expect(limited).rejects.toMatchObject({ status: 429, params: { minutes: 15 } });
    expect(countSessions(db, clock, user.id)).toBe(0);
  });

  it("lets the number in again once its failures are older than the window", async () => {
    const user = await makeUser(db);
    const start = clock.now();
    for (let i = 0; i < MAX_FAILURES_PER_PHONE; i++) {
      await expect(
        logIn(db, clock, { phone: user.phone, password: "wrong" }, client(freshIp())),
      ).rejects.toBeInstanceOf(Unauthenticated);
    }
    clock.set(start + LOGIN_WINDOW_MS - 60_000);
    await expect(
      logIn(db, clock, { phone: user.phone, password: TEST_PASSWORD }, client(freshIp())),
    ).rejects.toMatchObject({
      params: { minutes: 1 },
    });
    clock.set(start + LOGIN_WINDOW_MS + 1);
    await expect(
      logIn(db, clock, { phone: user.phone, password: TEST_PASSWORD }, client(freshIp())),
    ).resolves.toMatchObject({
      userId: user.id,
    });
  });

  // Thirty-odd scrypt checks: many seconds when the machine is busy with other test files.
  it(`limits an address after ${MAX_FAILURES_PER_IP} failures across many numbers`, async () => {
    const ip = freshIp();
    for (let i = 0; i < MAX_FAILURES_PER_IP; i++) {
      await expect(logIn(db, clock, { phone: uniquePhone(), password: "wrong" }, client(ip))).rejects.toBeInstanceOf(
        Unauthenticated,
      );
    }
    const user = await makeUser(db);
    await expect(logIn(db, clock, { phone: user.phone, password: TEST_PASSWORD }, client(ip))).rejects.toBeInstanceOf(
      RateLimited,
    );
    // The same person from another address is not affected.
    await expect(
      logIn(db, clock, { phone: user.phone, password: TEST_PASSWORD }, client(freshIp())),
    ).resolves.toMatchObject({
      userId: user.id,
    });
  }, 60_000);

  it("clears the number's failures on success, so earlier typos do not add up", async () => {
    const user = await makeUser(db);
    const ip = freshIp();
    for (let i = 0; i < MAX_FAILURES_PER_PHONE - 1; i++) {
      await expect(logIn(db, clock, { phone: user.phone, password: "wrong" }, client(ip))).rejects.toBeInstanceOf(
        Unauthenticated,
      );
    }
    await logIn(db, clock, { phone: user.phone, password: TEST_PASSWORD }, client(ip));
    expect(failuresFor(`phone:${user.phone}`)).toBe(0);
    for (let i = 0; i < MAX_FAILURES_PER_PHONE - 1; i++) {
      await expect(logIn(db, clock, { phone: user.phone, password: "wrong" }, client(ip))).rejects.toBeInstanceOf(
        Unauthenticated,
      );
    }
    await expect(logIn(db, clock, { phone: user.phone, password: TEST_PASSWORD }, client(ip))).resolves.toMatchObject({
      userId: user.id,
    });
  });

  it("cannot be outrun by guesses sent at the same time: the limit holds under concurrency", async () => {
    const user = await makeUser(db);
    const guesses = Array.from({ length: 12 }, (_, i) =>
      logIn(db, clock, { phone: user.phone, password: `guess-${i}` }, client(freshIp())),
    );
    const results = await Promise.allSettled(guesses);
    const reasons = results.map((r) => (r.status === "rejected" ? (r.reason as Error).constructor : null));
    expect(reasons.filter((r) => r === Unauthenticated)).toHaveLength(MAX_FAILURES_PER_PHONE);
    expect(reasons.filter((r) => r === RateLimited)).toHaveLength(12 - MAX_FAILURES_PER_PHONE);
    expect(failuresFor(`phone:${user.phone}`)).toBe(MAX_FAILURES_PER_PHONE);
  });

  it("does not let the right password through a burst of wrong ones once the limit is reached", async () => {
    const user = await makeUser(db);
    const attempts = [
      ...Array.from({ length: MAX_FAILURES_PER_PHONE }, () =>
        logIn(db, clock, { phone: user.phone, password: "wrong" }, client(freshIp())),
      ),
      logIn(db, clock, { phone: user.phone, password: TEST_PASSWORD }, client(freshIp())),
    ];
    const results = await Promise.allSettled(attempts);
    expect(results.at(-1)).toMatchObject({ status: "rejected", reason: expect.any(RateLimited) });
  });
});

describe("sessions", () => {
  it("resolves a live token to its user and nothing else", async () => {
    const user = await makeUser(db);
    const { token, expiresAt } = createSession(db, clock, user.id, { userAgent: "x".repeat(500) });
    expect(expiresAt - clock.now()).toBeGreaterThan(SESSION_TTL_MS - 5_000);
    const resolved = resolveSession(db, clock, token);
    expect(resolved).toMatchObject({ activeOrgId: null, user: { id: user.id, name: user.name, phone: user.phone } });
    expect(db.select().from(sessions).where(eq(sessions.id, resolved!.sessionId)).get()?.userAgent).toHaveLength(200);
    expect(resolveSession(db, clock, `${token}x`)).toBeNull();
    expect(resolveSession(db, clock, "")).toBeNull();
  });

  it("expires after its lifetime", async () => {
    const user = await makeUser(db);
    const start = clock.now();
    const { token } = createSession(db, clock, user.id);
    clock.set(start + SESSION_TTL_MS - 1);
    expect(resolveSession(db, clock, token)).not.toBeNull();
    clock.set(start + SESSION_TTL_MS);
    expect(resolveSession(db, clock, token)).toBeNull();
    expect(countSessions(db, clock, user.id)).toBe(0);
  });

  it("drops the person's expired sessions at their next log-in", async () => {
    const user = await makeUser(db);
    const start = clock.now();
    createSession(db, clock, user.id);
    clock.set(start + SESSION_TTL_MS + 1);
    createSession(db, clock, user.id);
    expect(db.select().from(sessions).where(eq(sessions.userId, user.id)).all()).toHaveLength(1);
  });

  it("revokes one session and leaves the user's others alive", async () => {
    const user = await makeUser(db);
    const phone = createSession(db, clock, user.id);
    const pc = createSession(db, clock, user.id);
    revokeSession(db, resolveSession(db, clock, phone.token)!.sessionId);
    expect(resolveSession(db, clock, phone.token)).toBeNull();
    expect(resolveSession(db, clock, pc.token)?.user.id).toBe(user.id);
    expect(countSessions(db, clock, user.id)).toBe(1);
  });

  it("revokes every session of one user, and only that user's", async () => {
    const user = await makeUser(db);
    const other = await makeUser(db);
    const tokens = [
      createSession(db, clock, user.id),
      createSession(db, clock, user.id),
      createSession(db, clock, user.id),
    ].map((s) => s.token);
    const othersToken = createSession(db, clock, other.id).token;
    expect(revokeAllSessions(db, user.id)).toBe(3);
    for (const token of tokens) expect(resolveSession(db, clock, token)).toBeNull();
    expect(resolveSession(db, clock, othersToken)?.user.id).toBe(other.id);
  });
});

describe("organisations and memberships", () => {
  const place = {
    province: "河南省",
    city: "开封市",
    county: "兰考县",
    countyCode: "410225",
    township: "东坝头镇",
    village: "张庄村",
  };

  it("creates a store with its creator as owner", async () => {
    const user = await makeUser(db);
    const input = createStoreSchema.parse({ ...place, name: "张庄便民超市", address: "" });
    expect(input.address).toBeNull();
    const { orgId } = createStore(userCtx(user), input);
    expect(db.select().from(organisations).where(eq(organisations.id, orgId)).get()).toMatchObject({
      kind: "store",
      name: "张庄便民超市",
      countyCode: "410225",
      isDemo: false,
    });
    expect(listMemberships(db, user.id)).toEqual([
      { orgId, kind: "store", name: "张庄便民超市", role: "owner", village: "张庄村" },
    ]);
  });

  it.each(["41022", "4102251", "41022a", ""])("refuses the county code %j", (countyCode) => {
    const parsed = createStoreSchema.safeParse({ ...place, countyCode, name: "小店" });
    expect(parsed.error?.issues.map((i) => [i.path[0], i.message])).toEqual([
      ["countyCode", "org.place.countyCodeInvalid"],
    ]);
  });

  it("refuses a store without a name or with a name over 40 characters", () => {
    expect(createStoreSchema.safeParse({ ...place, name: "" }).success).toBe(false);
    expect(createStoreSchema.safeParse({ ...place, name: "店".repeat(41) }).success).toBe(false);
    expect(createStoreSchema.safeParse({ ...place, name: "店".repeat(40) }).success).toBe(true);
  });

  it("lists every organisation a person belongs to, with the role in each", async () => {
    const user = await makeUser(db);
    const store = makeOrg(db, "store", { name: "乙店" });
    const distributor = makeOrg(db, "distributor", { name: "甲配送" });
    addMember(db, store.id, user.id, "clerk");
    addMember(db, distributor.id, user.id, "driver");
    const list = listMemberships(db, user.id);
    expect(list.map((m) => [m.orgId, m.kind, m.role])).toEqual([
      [distributor.id, "distributor", "driver"],
      [store.id, "store", "clerk"],
    ]);
  });

  it("switches the session to an organisation the person belongs to", async () => {
    const user = await makeUser(db);
    const a = makeOrg(db, "store");
    const b = makeOrg(db, "store");
    addMember(db, a.id, user.id, "owner");
    addMember(db, b.id, user.id, "clerk");
    const { token } = createSession(db, clock, user.id);
    const sessionId = resolveSession(db, clock, token)!.sessionId;
    expect(switchOrg(userCtx(user), sessionId, b.id)).toMatchObject({ orgId: b.id, role: "clerk" });
    expect(resolveSession(db, clock, token)?.activeOrgId).toBe(b.id);
    switchOrg(userCtx(user), sessionId, a.id);
    expect(resolveSession(db, clock, token)?.activeOrgId).toBe(a.id);
  });

  it("refuses to switch to an organisation the person is not in, and leaves the session as it was", async () => {
    const user = await makeUser(db);
    const mine = makeOrg(db, "store");
    const theirs = makeOrg(db, "store");
    addMember(db, mine.id, user.id, "owner");
    const { token } = createSession(db, clock, user.id, { activeOrgId: mine.id });
    const sessionId = resolveSession(db, clock, token)!.sessionId;
    expect(() => switchOrg(userCtx(user), sessionId, theirs.id)).toThrow(NotFound);
    expect(() => switchOrg(userCtx(user), sessionId, "no-such-org")).toThrow(NotFound);
    expect(resolveSession(db, clock, token)?.activeOrgId).toBe(mine.id);
  });

  it("refuses to move another person's session, even to an organisation of the caller", async () => {
    const user = await makeUser(db);
    const victim = await makeUser(db);
    const org = makeOrg(db, "store");
    addMember(db, org.id, user.id, "owner");
    const victimToken = createSession(db, clock, victim.id).token;
    const victimSessionId = resolveSession(db, clock, victimToken)!.sessionId;
    expect(() => switchOrg(userCtx(user), victimSessionId, org.id)).toThrow(NotFound);
    expect(resolveSession(db, clock, victimToken)?.activeOrgId).toBeNull();
  });
});

describe("adding a clerk", () => {
  const membersOf = (orgId: string) => db.select().from(memberships).where(eq(memberships.orgId, orgId)).all();

  it("adds a signed-up person as a clerk by mobile number", async () => {
    const { ctx, org } = await makeStore(db);
    const clerk = await makeUser(db, { name: "小王" });
    const input = addClerkSchema.parse({ phone: `${clerk.phone.slice(0, 3)}-${clerk.phone.slice(3)}` });
    expect(addClerk(ctx, input)).toEqual({ userId: clerk.id, name: "小王" });
    expect(listTeam(ctx).map((m) => [m.userId, m.role])).toEqual([
      [ctx.actor.id, "owner"],
      [clerk.id, "clerk"],
    ]);
    expect(listMemberships(db, clerk.id).map((m) => m.orgId)).toEqual([org.id]);
  });

  it("is for owners only", async () => {
    const { ctx, org } = await makeStore(db, { role: "clerk" });
    const someone = await makeUser(db);
    expect(() => addClerk(ctx, { phone: someone.phone })).toThrow(Forbidden);
    expect(membersOf(org.id)).toHaveLength(1);
  });

  it("refuses a number nobody has signed up with", async () => {
    const { ctx, org } = await makeStore(db);
    let error: unknown;
    try {
      addClerk(ctx, { phone: uniquePhone() });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NotFound);
    expect(error).toMatchObject({ key: "team.noSuchUser" });
    expect(membersOf(org.id)).toHaveLength(1);
  });

  it("refuses someone who is already a member, the owner included", async () => {
    const { ctx, org } = await makeStore(db);
    const clerk = await makeUser(db);
    addClerk(ctx, { phone: clerk.phone });
    expect(() => addClerk(ctx, { phone: clerk.phone })).toThrow(Conflict);
    expect(() => addClerk(ctx, { phone: ctx.actor.phone })).toThrow(Conflict);
    expect(membersOf(org.id)).toHaveLength(2);
  });

  it("adds a person who already works in another store: one person, several stores", async () => {
    const first = await makeStore(db);
    const second = await makeStore(db);
    const clerk = await makeUser(db);
    addClerk(first.ctx, { phone: clerk.phone });
    addClerk(second.ctx, { phone: clerk.phone });
    expect(
      listMemberships(db, clerk.id)
        .map((m) => m.orgId)
        .sort(),
    ).toEqual([first.org.id, second.org.id].sort());
    // Each owner sees only their own team.
    const teamIds = (ctx: Ctx) => listTeam(ctx).map((m) => m.userId);
    expect(teamIds(first.ctx)).toEqual([first.ctx.actor.id, clerk.id]);
    expect(teamIds(second.ctx)).toEqual([second.ctx.actor.id, clerk.id]);
  });
});
