import { and, asc, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Db } from "../client";
import { ownerCtx } from "./owners";
import { allianceMembers, campaigns, memberships, organisations, products, salesDaily, users } from "../schema";
import type { Actor, Ctx } from "../../app/domain/context.server";
import { addDays, shanghaiDate, type Clock } from "../../app/domain/dates";
import { newId } from "../../app/domain/ids.server";
import { openCampaign } from "../../app/domain/alliances/campaign-moves.server";
import { addCertificate, createSupplier } from "../../app/domain/alliances/suppliers.server";
import { awardQuote } from "../../app/domain/negotiation/award.server";
import { askCounter } from "../../app/domain/negotiation/counter-round.server";
import type { QuoteInput, RequestInput } from "../../app/domain/negotiation/fields.server";
import { registerInterest } from "../../app/domain/negotiation/interest.server";
import { createRequest } from "../../app/domain/negotiation/save-request.server";
import { sendRequest } from "../../app/domain/negotiation/send-request.server";
import { openSupplierLink } from "../../app/domain/negotiation/supplier-link.server";
import { submitQuote } from "../../app/domain/negotiation/supplier-submit-quote.server";
import type { At } from "./moments";

const DAY = 24 * 60 * 60 * 1000;

export type NegotiationSeed = { db: Db; now: number; clock: Clock; at: At; allianceId: string; coordinator: Actor };

/** The alliance's active members with their owners' contexts. */
function memberStores(db: Db, allianceId: string, clock: Clock): Ctx[] {
  return db
    .select({
      id: organisations.id,
      name: organisations.name,
      userId: users.id,
      userName: users.name,
      phone: users.phone,
    })
    .from(allianceMembers)
    .innerJoin(organisations, eq(organisations.id, allianceMembers.storeOrgId))
    .innerJoin(memberships, and(eq(memberships.orgId, organisations.id), eq(memberships.role, "owner")))
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(allianceMembers.allianceOrgId, allianceId), eq(allianceMembers.status, "active")))
    .orderBy(asc(allianceMembers.requestedAt))
    .all()
    .map((s) => ownerCtx(db, clock, s));
}

/** The barcodes the members sell most of (by units in the rollups): the evidence the requests cite. */
function topBarcodes(db: Db, storeIds: string[], n: number) {
  return db
    .select({ barcode: products.barcode, name: products.name, units: sql<number>`sum(${salesDaily.qty})` })
    .from(salesDaily)
    .innerJoin(products, eq(products.id, salesDaily.productId))
    .where(and(inArray(salesDaily.orgId, storeIds), isNotNull(products.barcode)))
    .groupBy(products.barcode)
    .orderBy(desc(sql`sum(${salesDaily.qty})`))
    .limit(n)
    .all() as { barcode: string; name: string; units: number }[];
}

function quote(deadlineAt: number, prices: number[], over: Partial<QuoteInput> = {}): QuoteInput {
  return {
    requestId: newId(),
    prices,
    fallbacks: prices.map(() => null),
    minimumPacks: 40,
    leadTimeDays: 4,
    validUntil: addDays(shanghaiDate(deadlineAt), 45),
    paymentTermsDays: 15,
    deliveryFen: 30_000,
    note: null,
    alternative: [],
    ...over,
  };
}

/**
 * Issue 14's demo: one finished negotiation (members' interest, a request to two suppliers, a
 * revision, a counter round, the award opening a campaign members can pledge to now) and one open
 * request whose quotes are still sealed. Everything through the use cases, at its moment.
 */
export function seedNegotiation(seed: NegotiationSeed) {
  const { db, now, at, allianceId } = seed;
  const ctx: Ctx = {
    db,
    actor: seed.coordinator,
    org: { id: allianceId, kind: "alliance", name: "兰考县便民店采购联盟" },
    role: "coordinator",
    locale: "zh-CN",
    clock: seed.clock,
  };
  const members = memberStores(db, allianceId, seed.clock);
  // The goods of the alliance's past campaigns first (their deposits are evidence too), then the members' best sellers.
  const campaignGoods = db
    .select({ barcode: campaigns.barcode, name: campaigns.productName })
    .from(campaigns)
    .where(and(eq(campaigns.orgId, allianceId), isNotNull(campaigns.barcode)))
    .orderBy(asc(campaigns.createdAt))
    .all() as { barcode: string; name: string }[];
  const sellers = topBarcodes(
    db,
    members.map((m) => m.org.id),
    5,
  );
  const [first, second] = [
    ...campaignGoods,
    ...sellers.filter((p) => !campaignGoods.some((c) => c.barcode === p.barcode)),
  ];
  if (!first || !second) return;

  const suppliers = ["福临门粮油（开封）有限公司", "鲁花集团豫东分公司"].map(
    (name, i) =>
      at(now - 30 * DAY, () =>
        createSupplier(ctx, {
          requestId: newId(),
          name,
          contactName: i === 0 ? "赵经理" : "孙经理",
          contactPhone: i === 0 ? "0371-2233 4455" : "0378-6677 8899",
          licenceNo: null,
          address: null,
        }),
      ).supplierId,
  );
  at(now - 30 * DAY, () =>
    addCertificate(ctx, suppliers[0], {
      requestId: newId(),
      kind: "inspection",
      title: "产品检验报告",
      number: "JC-2026-1102",
      validFrom: addDays(shanghaiDate(now), -100),
      validUntil: addDays(shanghaiDate(now), 20),
    }),
  );

  const base = (title: string, barcode: string, deadlineAt: number): RequestInput => ({
    requestId: newId(),
    title,
    category: "粮油",
    spec: null,
    baseUnit: "件",
    packUnit: "箱",
    packSize: 6,
    brands: null,
    barcodes: [barcode],
    certificatesRequired: ["inspection"],
    qualityNote: "须随货附检验报告",
    delivery: "distributor",
    deliveryNote: "送兰考县城乡商贸配送中心仓库",
    paymentTermsDays: 30,
    annualRateBp: 600,
    deadlineAt,
    bands: [40, 120, 240],
  });

  // —— The finished one ——
  members.slice(0, 3).forEach((m, i) =>
    at(now - (16 - i * 0.1) * DAY, () =>
      registerInterest(m, {
        requestId: newId(),
        allianceOrgId: allianceId,
        product: first.name,
        barcode: first.barcode,
        packsPerMonth: 8 + i * 4,
        note: null,
      }),
    ),
  );
  const deadline1 = now - 5 * DAY;
  const { rfqId } = at(now - 14 * DAY, () => createRequest(ctx, base(first.name, first.barcode, deadline1)));
  const { links } = at(now - 14 * DAY + 600_000, () => sendRequest(ctx, rfqId, suppliers));
  const [linkA, linkB] = links.map((l) => openSupplierLink(db, seed.clock, l.token));
  at(now - 12 * DAY, () => submitQuote(linkA, quote(deadline1, [6200, 5980, 5790])));
  at(now - 11 * DAY, () =>
    submitQuote(linkB, quote(deadline1, [6150, 6010, 5890], { paymentTermsDays: 0, deliveryFen: 0 })),
  );
  at(now - 8 * DAY, () =>
    submitQuote(linkB, quote(deadline1, [6100, 5950, 5850], { paymentTermsDays: 0, deliveryFen: 0 })),
  );
  at(now - 4.5 * DAY, () =>
    askCounter(ctx, rfqId, {
      requestId: newId(),
      invitationIds: [linkA.invitationId],
      message: "240 箱档能否再让一点？我们这批很可能过 240 箱。",
      answerByDate: shanghaiDate(now - 3 * DAY),
    }),
  );
  const answer = at(now - 3.8 * DAY, () => submitQuote(linkA, quote(deadline1, [6200, 5980, 5690])));
  const quoteId = db.$client
    .prepare("select quote_id from quote_versions where id = ?")
    .pluck()
    .get(answer.versionId) as string;
  const { campaignId } = at(now - 2 * DAY, () => awardQuote(ctx, rfqId, { requestId: newId(), quoteId }));
  at(now - 2 * DAY + 3_600_000, () => openCampaign(ctx, campaignId, newId()));

  // —— The open one: sealed until its deadline ——
  const deadline2 = now + 4 * DAY;
  const open = at(now - 1 * DAY, () => createRequest(ctx, base(second.name, second.barcode, deadline2)));
  const sent = at(now - 1 * DAY + 600_000, () => sendRequest(ctx, open.rfqId, suppliers));
  const linkOpen = openSupplierLink(db, seed.clock, sent.links[1].token);
  at(now - 0.5 * DAY, () => submitQuote(linkOpen, quote(deadline2, [4800, 4650, 4500])));
}
