import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { products, salesDaily } from "../../db/schema";
import type { Ctx } from "../../app/domain/context.server";
import { addDays, shanghaiDate } from "../../app/domain/dates";
import { makeSku, stockSku } from "./distribution";
import { makeProduct } from "./factories";

/**
 * A distributor SKU and the store's product of the same barcode, with `onHand` on the shelf and
 * `perDay` units sold on each of the last 56 days (as the sales rollup holds them), so that any
 * route's cover (2–14 days) needs exactly one pack of 48 when the shelf is empty.
 */
export function sellingPair(
  db: Db,
  store: Ctx,
  distributor: Ctx,
  {
    name,
    onHand,
    perDay = 2,
    now = store.clock.now(),
  }: { name: string; onHand: number; perDay?: number; now?: number },
) {
  const sku = makeSku(distributor, { name, packSize: 48, packUnit: "箱", casePriceFen: 4800, minOrderPacks: 1 });
  stockSku(distributor, sku, 20);
  const product = makeProduct(store, { name, barcode: sku.barcode, packSize: 1, packUnit: null });
  db.update(products)
    .set({ onHand, createdAt: now - 90 * 86_400_000 })
    .where(eq(products.id, product.id))
    .run();
  const today = shanghaiDate(now);
  for (let i = 1; i <= 56; i++) {
    db.insert(salesDaily)
      .values({
        orgId: store.org.id,
        productId: product.id,
        day: addDays(today, -i),
        qty: perDay,
        revenueFen: perDay * 450,
        costFen: perDay * 350,
      })
      .run();
  }
  return { sku, product };
}
