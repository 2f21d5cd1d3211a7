import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@db/client";
import { quoteRequestBands, quoteRequests } from "@db/schema";
import type { Ctx, WriteTx } from "../context.server";
import { NotFound } from "../errors";
import type { Evidence } from "./figures";

type Reader = Db | WriteTx;

/** A request of this alliance with its bands (ascending), or a 404: another alliance's id names nothing. */
export function findRequest(db: Reader, ctx: Pick<Ctx, "org">, id: string) {
  const row = db
    .select()
    .from(quoteRequests)
    .where(and(eq(quoteRequests.id, id), eq(quoteRequests.orgId, ctx.org.id)))
    .get();
  if (!row) throw new NotFound();
  return withBands(db, row);
}

export function withBands(db: Reader, row: typeof quoteRequests.$inferSelect) {
  const bands = db
    .select({ minPacks: quoteRequestBands.minPacks })
    .from(quoteRequestBands)
    .where(and(eq(quoteRequestBands.requestId, row.id), eq(quoteRequestBands.orgId, row.orgId)))
    .orderBy(asc(quoteRequestBands.minPacks))
    .all()
    .map((b) => b.minPacks);
  return {
    ...row,
    bands,
    barcodes: JSON.parse(row.barcodes) as string[],
    certificatesRequired: JSON.parse(row.certificatesRequired) as string[],
    evidence: row.evidence ? (JSON.parse(row.evidence) as Evidence) : null,
  };
}

export type RequestWithBands = ReturnType<typeof withBands>;

/** Prices are sealed until the deadline: nobody, the coordinator included, sees one before it. */
export const isSealed = (request: { deadlineAt: number }, now: number) => now < request.deadlineAt;
