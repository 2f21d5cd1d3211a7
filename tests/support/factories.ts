import { randomBytes } from "node:crypto";
import type { Db } from "../../db/client";
import { memberships, organisations, users, type OrgKind, type Role } from "../../db/schema";
import type { Ctx, PersonCtx } from "../../app/domain/context.server";
import { newId } from "../../app/domain/ids.server";
import { hashPassword } from "../../app/domain/identity/password.server";
import { createProduct, type CreateProductInput } from "../../app/domain/inventory/save-product.server";
import { withCheckDigit } from "../../db/seed/catalog";
import type { Clock } from "../../app/domain/dates";
import { asc, eq } from "drizzle-orm";
import { pinnedClock, PINNED_NOW } from "./clock";

export const TEST_PASSWORD = "password123";
let passwordHash: Promise<string> | undefined;

const digits = (n: number) => Array.from(randomBytes(n), (b) => b % 10).join("");

/** A valid mainland number, random enough that two tests never meet. */
export function uniquePhone(): string {
  return `139${digits(8)}`;
}

/** A valid EAN-13 in the 69x (China) range. */
export function uniqueBarcode(): string {
  return withCheckDigit(`69${digits(10)}`);
}

export async function makeUser(db: Db, overrides: { phone?: string; name?: string } = {}) {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const user = {
    id: newId(),
    phone: overrides.phone ?? uniquePhone(),
    name: overrides.name ?? "测试用户",
    passwordHash: await passwordHash,
    locale: "zh-CN" as const,
    createdAt: PINNED_NOW,
  };
  db.insert(users).values(user).run();
  return { id: user.id, phone: user.phone, name: user.name, password: TEST_PASSWORD };
}

export function makeOrg(db: Db, kind: OrgKind = "store", overrides: { name?: string } = {}) {
  const org = {
    id: newId(),
    kind,
    name:
      overrides.name ??
      `测试${{ store: "小店", distributor: "配送商", alliance: "联盟", bureau: "商务局" }[kind]}-${newId().slice(0, 4)}`,
    province: "河南省",
    city: "开封市",
    county: "兰考县",
    countyCode: "410225",
    township: "东坝头镇",
    village: "张庄村",
    createdAt: PINNED_NOW,
  };
  db.insert(organisations).values(org).run();
  return { id: org.id, kind: org.kind, name: org.name };
}

export function addMember(db: Db, orgId: string, userId: string, role: Role) {
  db.insert(memberships).values({ id: newId(), orgId, userId, role, createdAt: PINNED_NOW }).run();
}

/** A store with its owner, and the domain context of that owner in it. */
export async function makeStore(db: Db, { role = "owner" as Role } = {}) {
  const user = await makeUser(db);
  const org = makeOrg(db, "store");
  addMember(db, org.id, user.id, role);
  const ctx: PersonCtx = {
    db,
    actor: { kind: "person", id: user.id, name: user.name, phone: user.phone },
    org,
    role,
    locale: "zh-CN",
    clock: pinnedClock(),
  };
  return { user, org, ctx };
}

export function makeProduct(ctx: Ctx, overrides: Partial<CreateProductInput> = {}) {
  const input: CreateProductInput = {
    name: "康师傅红烧牛肉面 105g",
    barcode: uniqueBarcode(),
    category: "方便食品",
    baseUnit: "袋",
    packUnit: "箱",
    packSize: 24,
    priceFen: 450,
    costFen: 350,
    reorderPoint: 10,
    active: true,
    ...overrides,
  };
  const { id } = createProduct(ctx, input);
  return { id, ...input };
}

/**
 * The context of an organisation's first owner (or admin, or coordinator), for a test job that
 * writes on a person's behalf: the system actor holds only the permissions jobs need (stock is
 * not one of them).
 */
export function firstMemberCtx(db: Db, orgId: string, clock: Clock = pinnedClock()): PersonCtx {
  const row = db
    .select({ id: users.id, name: users.name, phone: users.phone, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.orgId, orgId))
    .orderBy(asc(memberships.createdAt))
    .get();
  const org = db
    .select({ id: organisations.id, kind: organisations.kind, name: organisations.name })
    .from(organisations)
    .where(eq(organisations.id, orgId))
    .get();
  if (!row || !org) throw new Error(`no member in ${orgId}`);
  const { role, ...person } = row;
  return { db, actor: { kind: "person", ...person }, org, role, locale: "zh-CN", clock };
}
