import type { Ctx } from "../../app/domain/context.server";
import type { Clock } from "../../app/domain/dates";
import type { Db } from "../client";

export type OwnerRow = { id: string; name: string; userId: string; userName: string; phone: string };

/** A store owner's context from a row of store + owner, the way the seed acts as that shopkeeper. */
export function ownerCtx(db: Db, clock: Clock, s: OwnerRow): Ctx {
  return {
    db,
    actor: { kind: "person", id: s.userId, name: s.userName, phone: s.phone },
    org: { id: s.id, kind: "store", name: s.name },
    role: "owner",
    locale: "zh-CN",
    clock,
  };
}
