import { z } from "zod";
import { text } from "../fields.server";

/** Mainland mobile numbers: 11 digits starting with 1. Spaces and dashes as people type them are dropped. */
export const phoneField = () =>
  z
    .string({ error: "validation.required" })
    .transform((v) => v.replace(/[\s-]/g, ""))
    .pipe(z.string().regex(/^1\d{10}$/, "auth.phoneInvalid"));

export const passwordField = () =>
  z.string({ error: "validation.required" }).min(8, "auth.passwordTooShort").max(72, "auth.passwordTooLong");

export const countyCodeField = () =>
  z
    .string()
    .trim()
    .regex(/^\d{6}$/, "org.place.countyCodeInvalid");

export const placeSchema = z.object({
  province: text(20),
  city: text(20),
  county: text(20),
  countyCode: countyCodeField(),
  township: text(20),
  village: text(20),
  address: z
    .string()
    .trim()
    .max(100)
    .optional()
    .transform((v) => v || null),
});
