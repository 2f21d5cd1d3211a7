import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaigns, quoteInvitations, quoteRequests, supplierBatches, supplierOrders, uploadedFiles } from "@db/schema";
import { newId } from "~/domain/ids.server";
import { addDays, shanghaiDate } from "~/domain/dates";
import { signInvitationToken, tokenHash } from "~/domain/negotiation/link-token.server";
import { addMemberStore, makeAlliance, makeCampaign, makeSupplierWithProduct, serverClock } from "../support/alliance";
import { makeStore } from "../support/factories";
import { hiddenValue, visibleHtml } from "../support/html";
import { Client, startTestServer, type TestServer, loggedInClient } from "../support/server";
import { dbSnapshot } from "../support/snapshot";

const SECRET = "http-test-secret-0123456789abcdef0123456789";
process.env.QUOTE_LINK_SECRET = SECRET;
const uploads = fs.mkdtempSync(path.join(os.tmpdir(), "vl-http-uploads-"));

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { QUOTE_LINK_SECRET: SECRET, UPLOADS_DIR: uploads } });
});
afterAll(async () => {
  await server?.stop();
  fs.rmSync(uploads, { recursive: true, force: true });
});

const loggedIn = (user: { phone: string }) => loggedInClient(server, user);

const inAWeek = () => addDays(shanghaiDate(serverClock.now()), 7);

function requestForm(requestId: string, over: Record<string, string | string[]> = {}) {
  return {
    requestId,
    title: "金龙鱼大豆油 5L",
    category: "粮油",
    spec: "5L",
    baseUnit: "桶",
    packUnit: "箱",
    packSize: "4",
    brands: "金龙鱼",
    barcodes: "",
    certificatesRequired: ["inspection"],
    qualityNote: "",
    delivery: "direct",
    deliveryNote: "",
    paymentTermsDays: "30",
    annualRatePercent: "6",
    deadlineDate: inAWeek(),
    deadlineTime: "18:00",
    band0: "100",
    band1: "300",
    band2: "600",
    ...over,
  };
}

function quoteForm(requestId: string, over: Record<string, string> = {}) {
  return {
    intent: "submit",
    requestId,
    price0: "52.00",
    price1: "49.50",
    price2: "47.00",
    fallback0: "",
    fallback1: "",
    fallback2: "",
    minimumPacks: "100",
    leadTimeDays: "5",
    validUntil: addDays(inAWeek(), 30),
    paymentTermsDays: "30",
    deliveryFen: "600",
    note: "",
    ...over,
  };
}

/** Refused with a 4xx and not one row anywhere changed. */
async function refusedWithoutWriting(send: () => Promise<Response>) {
  const before = dbSnapshot(server.db);
  const res = await send();
  expect(res.status, await res.clone().text()).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  expect(dbSnapshot(server.db)).toEqual(before);
  return res;
}

describe("a negotiation over HTTP with JavaScript off", () => {
  let coordinator: Client;
  let alliance: Awaited<ReturnType<typeof makeAlliance>>;
  let rfqPath: string;
  const tokens: string[] = [];

  it("the coordinator drafts a request; hostile values in every field are refused with nothing written", async () => {
    alliance = await makeAlliance(server.db, { clock: serverClock });
    makeSupplierWithProduct(alliance);
    makeSupplierWithProduct(alliance);
    coordinator = await loggedIn(alliance.user);
    const page = await coordinator.get("/alliance/negotiations");
    expect(page.status).toBe(200);
    const requestId = hiddenValue(await page.text(), "requestId");
    const hostile: Record<string, string | string[]>[] = [
      { title: "" },
      { title: "x".repeat(500) },
      { category: "<script>alert(1)</script>".repeat(5) },
      { packSize: "-1" },
      { packSize: "1e3" },
      { barcodes: "not-a-barcode" },
      { certificatesRequired: ["inspection", "forged"] },
      { delivery: "teleport" },
      { paymentTermsDays: "999" },
      { annualRatePercent: "99" },
      { annualRatePercent: "-6" },
      { deadlineDate: "2020-01-01" },
      { deadlineDate: "2026-02-30" },
      { deadlineTime: "25:00" },
      { band0: "300", band1: "100", band2: "" },
      { band0: "-5" },
      { band0: "", band1: "", band2: "" },
      { requestId: "../../etc/passwd" },
    ];
    for (const over of hostile) {
      await refusedWithoutWriting(() => coordinator.post("/alliance/negotiations", requestForm(requestId, over)));
    }
    const created = await coordinator.post("/alliance/negotiations", requestForm(requestId));
    expect(created.status).toBe(302);
    rfqPath = created.headers.get("location")!;
    expect(rfqPath).toMatch(/^\/alliance\/negotiations\/[\w-]+$/);
  });

  it("sends it to two suppliers: each link shown once with a ready-made message, only its hash stored", async () => {
    const page = await (await coordinator.get(rfqPath)).text();
    const supplierIds = [...page.matchAll(/name="supplierIds"[^>]*value="([^"]+)"/g)].map((m) => m[1]);
    expect(supplierIds).toHaveLength(2);
    await refusedWithoutWriting(() =>
      coordinator.post(rfqPath, {
        intent: "send",
        requestId: hiddenValue(page, "requestId"),
        supplierIds: "someone-else",
      }),
    );
    const sent = await coordinator.post(rfqPath, {
      intent: "send",
      requestId: hiddenValue(page, "requestId"),
      supplierIds,
    });
    expect(sent.status).toBe(200);
    const html = visibleHtml(await sent.text());
    for (const m of html.matchAll(/\/quote\/([\w.-]+)/g)) if (!tokens.includes(m[1])) tokens.push(m[1]);
    expect(tokens).toHaveLength(2);
    expect(html).toContain("无需注册");
    const stored = server.db.select().from(quoteInvitations).all();
    expect(stored.map((i) => i.tokenHash).sort()).toEqual(tokens.map(tokenHash).sort());
  });

  it("a supplier answers by link with no account; hostile quotes get a 4xx and write nothing", async () => {
    const supplier = new Client(server.url);
    const page = await supplier.get(`/quote/${tokens[0]}`);
    expect(page.status).toBe(200);
    // Several policies: the browser applies the last one it knows, ours.
    expect(page.headers.get("referrer-policy")).toMatch(/same-origin$/);
    const requestId = hiddenValue(await page.text(), "requestId");
    const hostile: Record<string, string>[] = [
      { price0: "-1" },
      { price0: "1e5" },
      { price1: "53.00" },
      { price2: "" },
      { fallback1: "40" },
      { validUntil: "2026-11-26" },
      { validUntil: "not a date" },
      { minimumPacks: "0" },
      { leadTimeDays: "9999" },
      { paymentTermsDays: "-3" },
      { deliveryFen: "abc" },
      { note: "x".repeat(1000) },
      { intent: "hack" },
      { requestId: "" },
    ];
    for (const over of hostile)
      await refusedWithoutWriting(() => supplier.post(`/quote/${tokens[0]}`, quoteForm(requestId, over)));
    const ok = await supplier.post(`/quote/${tokens[0]}`, quoteForm(requestId));
    expect(ok.status).toBe(200);
    expect(visibleHtml(await ok.text())).toContain("已提交第 1 版报价");
    const again = await supplier.get(`/quote/${tokens[0]}`);
    const revised = await supplier.post(
      `/quote/${tokens[0]}`,
      quoteForm(hiddenValue(await again.text(), "requestId"), { price1: "48.80" }),
    );
    expect(visibleHtml(await revised.text())).toContain("已提交第 2 版报价");
  });

  it("uploads: a PDF is kept under the uploads directory; a disguised file is refused with nothing written", async () => {
    const supplier = new Client(server.url);
    const requestId = hiddenValue(await (await supplier.get(`/quote/${tokens[0]}`)).text(), "requestId");
    const form = (bytes: string, name: string) => {
      const f = new FormData();
      f.set("requestId", requestId);
      f.set("kind", "certificate");
      f.set("certKind", "inspection");
      f.set("certTitle", "检验报告");
      f.set("certValidUntil", addDays(inAWeek(), 200));
      f.set("file", new Blob([bytes]), name);
      return f;
    };
    await refusedWithoutWriting(() =>
      supplier.post(`/quote/${tokens[0]}`, form("<html><script>x</script></html>", "cert.pdf")),
    );
    const ok = await supplier.post(`/quote/${tokens[0]}`, form("%PDF-1.4\n%test\n", "cert.pdf"));
    expect(ok.status).toBe(200);
    const row = server.db.select().from(uploadedFiles).get()!;
    expect(row.mime).toBe("application/pdf");
    expect(fs.readFileSync(path.join(uploads, row.storedName), "utf8")).toContain("%PDF-1.4");
  });

  it("one supplier's link cannot read another's quote; tampered and expired links are refused", async () => {
    const other = new Client(server.url);
    const page = visibleHtml(await (await other.get(`/quote/${tokens[1]}`)).text());
    expect(page).not.toContain("48.80");
    expect(page).not.toContain("49.50");
    const [id0] = tokens[0].split(".");
    const [, ...rest1] = tokens[1].split(".");
    expect((await other.get(`/quote/${[id0, ...rest1].join(".")}`)).status).toBe(404);
    const tampered = tokens[1].slice(0, -1) + (tokens[1].endsWith("A") ? "B" : "A");
    expect((await other.get(`/quote/${tampered}`)).status).toBe(404);
    await refusedWithoutWriting(() => other.post(`/quote/${tampered}`, quoteForm("abcdefgh1234")));
    // An expired link: signed with the server's secret, its hash in place, its time gone.
    const invitation = server.db
      .select()
      .from(quoteInvitations)
      .where(eq(quoteInvitations.tokenHash, tokenHash(tokens[1])))
      .get()!;
    const expired = signInvitationToken(invitation.id, serverClock.now() - 1000);
    server.db
      .update(quoteInvitations)
      .set({ tokenHash: tokenHash(expired) })
      .where(eq(quoteInvitations.id, invitation.id))
      .run();
    expect((await other.get(`/quote/${expired}`)).status).toBe(410);
    server.db
      .update(quoteInvitations)
      .set({ tokenHash: invitation.tokenHash })
      .where(eq(quoteInvitations.id, invitation.id))
      .run();
  });

  it("sealed: before the deadline the coordinator sees no price and the export is refused", async () => {
    const page = visibleHtml(await (await coordinator.get(rfqPath)).text());
    expect(page).toContain("报价密封至截止时间");
    expect(page).not.toContain("48.80");
    expect((await coordinator.get(`${rfqPath}/export.xlsx`)).status).toBe(409);
  });

  it("another alliance's coordinator, and a member of another alliance, see nothing", async () => {
    const stranger = await makeAlliance(server.db, { clock: serverClock });
    const client = await loggedIn(stranger.user);
    expect((await client.get(rfqPath)).status).toBe(404);
    expect((await client.get(`${rfqPath}/export.xlsx`)).status).toBe(404);
    const store = await makeStore(server.db);
    addMemberStore(stranger, store);
    const member = await loggedIn(store.user);
    expect((await member.get(rfqPath)).status).toBe(403);
    const page = await member.get("/store/alliances/interest");
    const requestId = hiddenValue(await page.text(), "requestId");
    await refusedWithoutWriting(() =>
      member.post("/store/alliances/interest", {
        requestId,
        allianceOrgId: alliance.org.id,
        product: "大豆油",
        packsPerMonth: "10",
      }),
    );
  });

  it("after the deadline: compared side by side and exported; the supplier can no longer change its quote", async () => {
    const rfqId = rfqPath.split("/").pop()!;
    server.db
      .update(quoteRequests)
      .set({ deadlineAt: serverClock.now() - 1000 })
      .where(and(eq(quoteRequests.id, rfqId)))
      .run();
    const page = visibleHtml(await (await coordinator.get(rfqPath)).text());
    expect(page).toContain("48.80");
    expect(page).toContain("300: ¥49.50 → ¥48.80");
    const xlsx = await coordinator.get(`${rfqPath}/export.xlsx`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get("content-type")).toContain("spreadsheetml");
    const supplier = new Client(server.url);
    expect(visibleHtml(await (await supplier.get(`/quote/${tokens[0]}`)).text())).toContain("已过截止时间");
    const late = await refusedWithoutWriting(() =>
      supplier.post(`/quote/${tokens[0]}`, quoteForm("late-request-0001")),
    );
    expect(late.status).toBe(409);
  });

  it("the coordinator records a supplier order's delivery dates and batch; bad dates and another alliance's order write nothing", async () => {
    const { campaignId } = makeCampaign(alliance);
    const campaign = server.db.select().from(campaigns).where(eq(campaigns.id, campaignId)).get()!;
    const orderId = newId();
    server.db
      .insert(supplierOrders)
      .values({
        id: orderId,
        orgId: alliance.org.id,
        campaignId,
        supplierId: campaign.supplierId,
        packs: 120,
        priceFen: 4950,
        totalFen: 594_000,
        createdAt: serverClock.now(),
      })
      .run();
    const page = await coordinator.get("/alliance/negotiations/deliveries");
    expect(page.status).toBe(200);
    const requestId = hiddenValue(await page.text(), "requestId");
    const form = {
      requestId,
      orderId,
      promisedDeliveryDate: "2026-12-01",
      deliveredDate: "2026-11-30",
      batchNo: "B-1120",
      productionDate: "2026-11-20",
      expiryDate: "2027-11-19",
    };
    for (const over of [
      { expiryDate: "2026-11-01" },
      { productionDate: "2026-02-30" },
      { batchNo: "x".repeat(100) },
      { orderId: "no-such-order" },
    ])
      await refusedWithoutWriting(() => coordinator.post("/alliance/negotiations/deliveries", { ...form, ...over }));
    const stranger = await loggedIn((await makeAlliance(server.db, { clock: serverClock })).user);
    await refusedWithoutWriting(() =>
      stranger.post("/alliance/negotiations/deliveries", { ...form, requestId: newId() }),
    );
    expect((await coordinator.post("/alliance/negotiations/deliveries", form)).status).toBe(302);
    expect(
      server.db.select().from(supplierBatches).where(eq(supplierBatches.supplierOrderId, orderId)).get(),
    ).toMatchObject({ batchNo: "B-1120", expiryDate: "2027-11-19" });
    expect(visibleHtml(await (await coordinator.get("/alliance/negotiations/deliveries")).text())).toContain("B-1120");
  });
});
