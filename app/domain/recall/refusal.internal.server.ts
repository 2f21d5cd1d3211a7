import { eq } from "drizzle-orm";
import { recalls } from "@db/schema";
import type { Ctx } from "../context.server";
import { Conflict } from "../errors";

/**
 * A sale at the till asked for units only recalled lots hold: refused with the recall's reason
 * (decision 041). Read only on a refusal, so a normal sale never pays for it.
 */
export function refuseRecalled(ctx: Ctx, productName: string, recallId: string): never {
  const recall = ctx.db.select({ reason: recalls.reason }).from(recalls).where(eq(recalls.id, recallId)).get();
  throw new Conflict("recall.blocked", { name: productName, reason: recall?.reason ?? "" });
}
