import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { memberships, organisations, users } from "../../db/schema";

/** The benches' shop: the demo owner's (13800000001) 张庄村便民超市, as seeded by seedDemo. */
export function demoStore(db: Db) {
  const owner = db.select().from(users).where(eq(users.phone, "13800000001")).get()!;
  return db
    .select()
    .from(organisations)
    .innerJoin(memberships, eq(memberships.orgId, organisations.id))
    .where(and(eq(memberships.userId, owner.id), eq(organisations.name, "张庄村便民超市")))
    .get()!.organisations;
}
