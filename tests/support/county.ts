import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { organisations, storeMonths } from "../../db/schema";
import { giveConsent } from "../../app/domain/county/consent.server";
import { addMonths, monthOfDay } from "../../app/domain/county/months";
import { publishMonth } from "../../app/domain/county/publish.server";
import type { PersonCtx } from "../../app/domain/context.server";
import { shanghaiDate } from "../../app/domain/dates";
import { at, PINNED_NOW, pinnedClock, shanghai } from "./clock";
import { addMember, makeOrg, makeStore, makeUser } from "./factories";

/** A county commerce bureau of `countyCode` with its director (who can log in). */
export async function makeBureau(db: Db, countyCode = "410225") {
  const org = makeOrg(db, "bureau", { name: `商务局-${countyCode}` });
  db.update(organisations).set({ countyCode }).where(eq(organisations.id, org.id)).run();
  const user = await makeUser(db);
  addMember(db, org.id, user.id, "director");
  const ctx: PersonCtx = {
    db,
    actor: { kind: "person", id: user.id, name: user.name, phone: user.phone },
    org,
    role: "director",
    locale: "zh-CN",
    clock: pinnedClock(),
  };
  return { org, user, ctx };
}

/** The two months before PINNED_NOW's: the older published by `countyWithMonths`. */
export const COUNTY_MONTH = addMonths(monthOfDay(shanghaiDate(PINNED_NOW)), -2);

/**
 * 兰考县 with consenting stores and a published month: 兰阳街道 12 stores, 堌阳镇 6, 东坝头镇 8
 * (one dominant supermarket), 闫楼乡 2 (pooled). Returns the bureau and the stores.
 */
export async function countyWithMonths(db: Db) {
  const plan: [string, number][] = [
    ...Array.from({ length: 12 }, (): [string, number] => ["410225001", 100_000]),
    ...Array.from({ length: 6 }, (): [string, number] => ["410225101", 60_000]),
    ...Array.from({ length: 7 }, (): [string, number] => ["410225106", 50_000]),
    ["410225106", 3_000_000],
    ["410225209", 80_000],
    ["410225209", 90_000],
  ];
  const stores = [];
  for (const [township, salesFen] of plan) {
    const store = await makeStore(db);
    db.update(organisations).set({ placeCode: township }).where(eq(organisations.id, store.org.id)).run();
    giveConsent(at(store.ctx, shanghai(`${addMonths(COUNTY_MONTH, -2)}-10T09:00`)));
    for (const month of [COUNTY_MONTH, addMonths(COUNTY_MONTH, 1)]) {
      db.insert(storeMonths)
        .values({
          orgId: store.org.id,
          month,
          countyCode: "410225",
          townshipCode: township,
          salesFen,
          creditFen: Math.round(salesFen / 10),
          restockFen: Math.round(salesFen * 0.7),
          stockDays: 100,
          stockoutDays: 5,
          sellingDays: 20,
          basketFen: 5000,
        })
        .run();
    }
    stores.push(store);
  }
  const bureau = await makeBureau(db);
  publishMonth(bureau.ctx, COUNTY_MONTH);
  return { bureau, stores };
}
