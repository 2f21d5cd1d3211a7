import { and, asc, eq, lt, sql } from "drizzle-orm";
import type { Db } from "../client";
import { accountEntries, reportedPayments, restockOrders } from "../schema";
import type { Ctx } from "../../app/domain/context.server";
import { newId } from "../../app/domain/ids.server";
import { balanceOf } from "../../app/domain/restock/account.server";
import {
  confirmReportedPayment,
  reportPayment,
  reportPaymentSchema,
} from "../../app/domain/restock/reported-payments.server";
import { fenToYuanString } from "../../app/domain/money";
import { fixedClock, shanghaiDate } from "../../app/domain/dates";
import type { At } from "./moments";
import { local, type Month, type Seat } from "./restock-month";

// Issue 11: 张庄村便民超市 (the store the demo opens on) pays its distributor the way a careful
// shop on 账期 does: on Wednesday and Saturday mornings it transfers what it owes from the bank
// and reports the transfer on 往来账; the office confirms it on its evening round. Its account
// then stays well inside the ¥8,000 limit, so the demo's first restock order goes through —
// and the latest transfer, made this morning, is still waiting for the office to confirm.

/** The showcase store's morning transfer: everything owed, reported with the bank's serial number. */
export function showcaseReportsTransfer(m: Month, seat: Seat, t: number) {
  const owed = balanceOf(m.db, { distributorOrgId: m.dist.org.id, storeOrgId: seat.ctx.org.id });
  if (owed <= 0) return;
  const input = reportPaymentSchema.parse({
    requestId: newId(),
    distributorOrgId: m.dist.org.id,
    amountFen: fenToYuanString(owed),
    method: "bank",
    paidOn: shanghaiDate(t),
    reference: `农商行 转账 ${shanghaiDate(t).replaceAll("-", "")}${String(Math.round(owed / 100) % 10_000).padStart(4, "0")}`,
  });
  m.at(t, () => reportPayment({ ...seat.ctx, clock: fixedClock(t) }, input));
}

/** The office's evening round: it finds the store's transfers on its statement and confirms them. */
export function officeConfirmsReports(m: Month, t: number) {
  const pending = m.db
    .select({ id: reportedPayments.id })
    .from(reportedPayments)
    .where(and(eq(reportedPayments.distributorOrgId, m.dist.org.id), eq(reportedPayments.status, "pending")))
    .all();
  for (const { id } of pending) {
    m.at(t, () => confirmReportedPayment(m.dist, { requestId: newId(), reportId: id }));
  }
}

/**
 * Deliveries the seed writes after the restock month (the alliance's campaign, delivered a month
 * ago) are charged back then: the store paid those with its first transfer of the month too.
 */
export function showcaseSettlesEarlierDeliveries(seed: { db: Db; at: At; store: Ctx; distributor: Ctx }) {
  const { db, at, store, distributor } = seed;
  const pair = { distributorOrgId: distributor.org.id, storeOrgId: store.org.id };
  const first = db
    .select({ reportedAt: reportedPayments.reportedAt })
    .from(reportedPayments)
    .where(
      and(
        eq(reportedPayments.distributorOrgId, pair.distributorOrgId),
        eq(reportedPayments.storeOrgId, pair.storeOrgId),
      ),
    )
    .orderBy(asc(reportedPayments.reportedAt))
    .get();
  if (!first) return;
  // The campaign's deliveries charged before the first transfer, which that transfer did not see.
  const owedThen =
    db
      .select({ n: sql<number>`coalesce(sum(${accountEntries.amountFen}), 0)` })
      .from(accountEntries)
      .innerJoin(restockOrders, eq(restockOrders.id, accountEntries.orderId))
      .where(
        and(
          eq(accountEntries.distributorOrgId, pair.distributorOrgId),
          eq(accountEntries.storeOrgId, pair.storeOrgId),
          eq(restockOrders.source, "campaign"),
          lt(accountEntries.createdAt, first.reportedAt),
        ),
      )
      .get()?.n ?? 0;
  const owedNow = balanceOf(db, pair);
  const amountFen = Math.min(owedThen, owedNow);
  if (amountFen <= 0) return;
  const t = first.reportedAt - 60_000;
  const paidOn = shanghaiDate(t);
  const { reportId } = at(t, () =>
    reportPayment(
      { ...store, clock: fixedClock(t) },
      reportPaymentSchema.parse({
        requestId: newId(),
        distributorOrgId: distributor.org.id,
        amountFen: fenToYuanString(amountFen),
        method: "bank",
        paidOn,
        reference: "农商行 转账 联盟团购货款",
      }),
    ),
  );
  const evening = local(paidOn, 19, 29);
  at(evening, () =>
    confirmReportedPayment({ ...distributor, clock: fixedClock(evening) }, { requestId: newId(), reportId }),
  );
}
