import { and, eq } from "drizzle-orm";
import { idempotentRequests } from "@db/schema";
import type { Ctx, WriteTx } from "./context.server";
import { Conflict } from "./errors";

/**
 * Runs `write` once per (organisation, key). Called inside the use case's transaction, so the
 * key row and the writes commit together: a retry either finds the key (and gets the first
 * answer back) or finds nothing written at all. A key already spent on another operation is
 * refused: answering an adjustment with a receipt's result would claim a write that never happened.
 */
export function once<T>(tx: WriteTx, ctx: Ctx, key: string, operation: string, write: () => T): T {
  const seen = tx
    .select({ result: idempotentRequests.result, operation: idempotentRequests.operation })
    .from(idempotentRequests)
    .where(and(eq(idempotentRequests.orgId, ctx.org.id), eq(idempotentRequests.key, key)))
    .get();
  if (seen) {
    if (seen.operation !== operation)
      throw new Conflict("validation.requestId", {}, { requestId: "validation.requestId" });
    return JSON.parse(seen.result) as T;
  }
  const result = write();
  tx.insert(idempotentRequests)
    .values({ orgId: ctx.org.id, key, operation, result: JSON.stringify(result ?? null), createdAt: ctx.clock.now() })
    .run();
  return result;
}
