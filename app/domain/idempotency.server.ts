import { and, eq, sql } from "drizzle-orm";
import { idempotentRequests } from "@db/schema";
import type { Ctx, WriteTx } from "./context.server";
import { Conflict } from "./errors";
import { preparedFor } from "./prepared.server";

const queries = preparedFor((db) => ({
  seen: db
    .select({ result: idempotentRequests.result, operation: idempotentRequests.operation })
    .from(idempotentRequests)
    .where(
      and(eq(idempotentRequests.orgId, sql.placeholder("orgId")), eq(idempotentRequests.key, sql.placeholder("key"))),
    )
    .prepare(),
  spend: db
    .insert(idempotentRequests)
    .values({
      orgId: sql.placeholder("orgId"),
      key: sql.placeholder("key"),
      operation: sql.placeholder("operation"),
      result: sql.placeholder("result"),
      createdAt: sql.placeholder("createdAt"),
    })
    .prepare(),
}));

/**
 * Runs `write` once per (organisation, key). Called inside the use case's transaction, so the
 * key row and the writes commit together: a retry either finds the key (and gets the first
 * answer back) or finds nothing written at all. A key already spent on another operation is
 * refused: answering an adjustment with a receipt's result would claim a write that never happened.
 */
export function once<T>(_tx: WriteTx, ctx: Ctx, key: string, operation: string, write: () => T): T {
  // Prepared on the connection `tx` belongs to (ctx.db): the same transaction.
  if (!ctx.db.$client.inTransaction) throw new Error("once() must run inside a transaction on ctx.db");
  const q = queries(ctx.db);
  const seen = q.seen.get({ orgId: ctx.org.id, key });
  if (seen) {
    if (seen.operation !== operation)
      throw new Conflict("validation.requestId", {}, { requestId: "validation.requestId" });
    return JSON.parse(seen.result) as T;
  }
  const result = write();
  q.spend.run({
    orgId: ctx.org.id,
    key,
    operation,
    result: JSON.stringify(result ?? null),
    createdAt: ctx.clock.now(),
  });
  return result;
}
