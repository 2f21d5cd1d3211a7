import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { lotSources, lotTraceCodes, type LotSourceKind } from "@db/schema";
import type { Db } from "@db/client";
import type { WriteTx } from "../context.server";
import { newId } from "../ids.server";

// The lot graph's two writes, shared by every flow that moves units between lots (receipt of a
// dispatched order, a supplier delivery into the warehouse, a farmer's produce, a consignment
// sent up, a mixed lot). Internal to the domain: the callers have scoped both lots to the
// organisations their permission allows, inside their own transaction.

export type LotSourceEdge = {
  orgId: string;
  lotId: string;
  sourceKind: LotSourceKind;
  sourceOrgId: string;
  sourceId: string;
  qty: number;
  refType: string;
  refId: string;
};

/**
 * Records that `edge.qty` base units of lot `edge.lotId` came from the source. Safe to retry:
 * the same lot, source and carrying document is one edge, its quantity added up once per call
 * site that passes a distinct `refId` (a line, not an order).
 */
export function recordLotSource(tx: WriteTx, edge: LotSourceEdge, now: number): void {
  if (!Number.isInteger(edge.qty) || edge.qty <= 0) return;
  tx.insert(lotSources)
    .values({ id: newId(), ...edge, createdAt: now })
    .onConflictDoNothing()
    .run();
}

/** The edges a lot received its units by (upstream, one step). */
export function sourcesOfLot(db: Db | WriteTx, orgId: string, lotId: string) {
  return db
    .select()
    .from(lotSources)
    .where(and(eq(lotSources.orgId, orgId), eq(lotSources.lotId, lotId)))
    .all();
}

/** The lots that received units from a source (downstream, one step), whoever holds them. */
export function lotsFedBy(db: Db | WriteTx, sourceKind: LotSourceKind, sourceId: string) {
  return db
    .select()
    .from(lotSources)
    .where(and(eq(lotSources.sourceKind, sourceKind), eq(lotSources.sourceId, sourceId)))
    .all();
}

// Crockford base32 without look-alikes: easy to read aloud from a label and to type.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

function newTraceCode(): string {
  const bytes = randomBytes(10);
  let out = "";
  for (const b of bytes) out += ALPHABET[b % 32];
  return out;
}

/** A lot's public trace code (printed in its label's QR code), made on first use. */
export function traceCodeFor(tx: WriteTx, orgId: string, lotId: string, now: number): string {
  const found = tx
    .select({ code: lotTraceCodes.code })
    .from(lotTraceCodes)
    .where(and(eq(lotTraceCodes.lotId, lotId), eq(lotTraceCodes.orgId, orgId)))
    .get();
  if (found) return found.code;
  const code = newTraceCode();
  tx.insert(lotTraceCodes).values({ code, orgId, lotId, createdAt: now }).run();
  return code;
}

/** The lot a public trace code opens, or undefined. */
export function lotOfTraceCode(db: Db | WriteTx, code: string) {
  return db.select().from(lotTraceCodes).where(eq(lotTraceCodes.code, code.toUpperCase())).get();
}
