import { z } from "zod";
import { requestIdField } from "../fields.server";
import { acceptLinkSchema, rejectLinkSchema } from "./decide-link.server";
import { linkTermsSchema } from "./link-terms.server";

// The stores page posts one of three forms, told apart by `intent`; each names its link.
const linkId = z.string().min(1).max(64);
export const storesPageSchemas = {
  accept: z.object({ linkId }).and(acceptLinkSchema),
  reject: z.object({ linkId }).and(rejectLinkSchema),
  terms: z.object({ linkId, requestId: requestIdField().optional() }).and(linkTermsSchema),
} as const;
export type StoresIntent = keyof typeof storesPageSchemas;
export const isStoresIntent = (v: unknown): v is StoresIntent => v === "accept" || v === "reject" || v === "terms";
