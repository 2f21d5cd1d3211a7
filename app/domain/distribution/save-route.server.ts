import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { deliveryRoutes } from "@db/schema";
import { inTransaction, type Ctx, type WriteTx } from "../context.server";
import { NotFound } from "../errors";
import { checkbox, intField, optionalText, requestIdField, text } from "../fields.server";
import { newId } from "../ids.server";
import { once } from "../idempotency.server";
import { nextDelivery } from "./delivery-dates";
import { requirePermission } from "../permission-check.server";

type Reader = Ctx["db"] | WriteTx;

/** Checkboxes named "weekdays": none, one (a string) or several (an array). */
const weekdaysField = () =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
    .pipe(z.array(z.enum(["1", "2", "3", "4", "5", "6", "7"], { error: "validation.invalid" })))
    .transform((days) => [...new Set(days.map(Number))].sort((a, b) => a - b))
    .refine((days) => days.length > 0, "route.weekdaysRequired")
    .transform((days) => days.join(","));

export const routeSchema = z.object({
  name: text(20),
  areas: optionalText(200).transform((v) => v ?? ""),
  weekdays: weekdaysField(),
  cutoffTime: z
    .string({ error: "validation.required" })
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "route.cutoffTimeInvalid"),
  // Same day (0, an early-morning cut-off) up to six days ahead; a week or more would skip a round.
  cutoffDaysBefore: intField({ min: 0, max: 6 }),
  active: checkbox(),
});
export type RouteInput = z.infer<typeof routeSchema>;
export const createRouteSchema = routeSchema.extend({ requestId: requestIdField() });

export function routeOf(db: Reader, ctx: Ctx, routeId: string) {
  const route = db
    .select()
    .from(deliveryRoutes)
    .where(and(eq(deliveryRoutes.id, routeId), eq(deliveryRoutes.orgId, ctx.org.id)))
    .get();
  if (!route) throw new NotFound();
  return route;
}

export function createRoute(ctx: Ctx, input: z.infer<typeof createRouteSchema>): { id: string } {
  requirePermission(ctx, "route.save");
  const { requestId, ...fields } = input;
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, requestId, "distribution.createRoute", () => {
      const id = newId();
      tx.insert(deliveryRoutes)
        .values({ id, orgId: ctx.org.id, ...fields, createdAt: ctx.clock.now() })
        .run();
      return { id };
    }),
  );
}

export function updateRoute(ctx: Ctx, routeId: string, input: RouteInput): { id: string } {
  requirePermission(ctx, "route.save");
  return inTransaction(ctx.db, (tx) => {
    const route = routeOf(tx, ctx, routeId);
    tx.update(deliveryRoutes)
      .set(input)
      .where(and(eq(deliveryRoutes.id, route.id), eq(deliveryRoutes.orgId, ctx.org.id)))
      .run();
    return { id: route.id };
  });
}

/** The distributor's routes, each with its next delivery as of now. */
export function listRoutes(ctx: Ctx) {
  const now = ctx.clock.now();
  return ctx.db
    .select()
    .from(deliveryRoutes)
    .where(eq(deliveryRoutes.orgId, ctx.org.id))
    .orderBy(asc(deliveryRoutes.name), asc(deliveryRoutes.id))
    .all()
    .map((route) => ({ ...route, next: route.active ? nextDelivery(route, now) : null }));
}
