// A separate process that records one sale, so a test can race two real writers on one
// SQLite file. Usage: node --import tsx tests/support/sell-worker.ts '<json>'
import { openDatabase } from "../../db/client";
import type { Ctx } from "../../app/domain/context.server";
import { fixedClock } from "../../app/domain/dates";
import { recordSale, type RecordSaleInput } from "../../app/domain/sales/record-sale.server";

type Job = { dbFile: string; ctx: Omit<Ctx, "db" | "clock">; now: number; sale: RecordSaleInput; startAt: number };

const job = JSON.parse(process.argv[2] ?? "{}") as Job;
const db = openDatabase(job.dbFile);
// Both workers spin until the same instant so that their transactions really collide.
while (Date.now() < job.startAt) {
  /* wait */
}
const result = recordSale({ ...job.ctx, db, clock: fixedClock(job.now) }, job.sale);
db.$client.close();
process.stdout.write(JSON.stringify(result));
