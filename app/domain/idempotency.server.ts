import { and, eq } from "drizzle-orm";
import { idempotentRequests } from "@db/schema";
import type { Ctx, WriteTx } from "./context.server";

/**
 * Runs `write` once per (organisation, key). Called inside the use case's transaction, so the
 * key row and the writes commit together: a retry either finds the key (and gets the first
 * answer back) or finds nothing written at all.
 */
export function once<T>(tx: WriteTx, ctx: Ctx, key: string, operation: string, write: () => T): T {
  const seen = tx
    .select({ result: idempotentRequests.result, operation: idempotentRequests.operation })
    .from(idempotentRequests)
    .where(and(eq(idempotentRequests.orgId, ctx.org.id), eq(idempotentRequests.key, key)))
    .get();
  if (seen) return JSON.parse(seen.result) as T;
  const result = write();
  tx.insert(idempotentRequests)
    .values({ orgId: ctx.org.id, key, operation, result: JSON.stringify(result ?? null), createdAt: Date.now() })
    .run();
  return result;
}
