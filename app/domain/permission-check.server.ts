import type { Ctx } from "./context.server";
import { Forbidden } from "./errors";
import { roleMay, type Permission } from "./permissions";

/** Whether the actor of `ctx` holds `permission` in its organisation. */
export function may(ctx: Pick<Ctx, "actor" | "org" | "role">, permission: Permission): boolean {
  return roleMay(ctx.org.kind, ctx.actor.kind === "system" ? null : ctx.role, permission);
}

/** The first line of every domain writer: a role without the permission gets a 403 and nothing is read or written. */
export function requirePermission(ctx: Pick<Ctx, "actor" | "org" | "role">, permission: Permission): void {
  if (!may(ctx, permission)) throw new Forbidden();
}
