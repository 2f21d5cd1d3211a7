import { z } from "zod";
import { isValidDate } from "./dates";
import { CLIENT_ID_PATTERN } from "./ids.server";
import { parseYuanToFen } from "./money";

// Field schemas shared by every form. Messages are dictionary keys; the HTTP edge translates
// them (see app/http/forms.server.ts), so the domain never speaks a language.

const MAX_INT = 10_000_000;

export const text = (max: number) => z.string().trim().min(1, "validation.required").max(max);

export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v ? v : null));

/** A whole number typed into a form; `min` 1 for counts of things, 0 where zero is allowed. */
export const intField = ({ min = 1, max = MAX_INT }: { min?: number; max?: number } = {}) =>
  z
    .string({ error: "validation.required" })
    .trim()
    .min(1, "validation.required")
    .regex(/^-?\d+$/, "validation.integer")
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(min, min > 0 ? "validation.positive" : "validation.nonNegative")
        .max(max, "validation.tooLarge"),
    );

export const optionalIntField = (opts: { min?: number; max?: number } = {}) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), intField(opts).optional());

/** Yuan typed by a person ("12.50") to integer fen. */
export const moneyField = () =>
  z
    .string({ error: "validation.required" })
    .trim()
    .min(1, "validation.required")
    .transform((v, c) => {
      const fen = parseYuanToFen(v);
      if (fen === null) {
        c.addIssue({ code: "custom", message: "validation.money" });
        return z.NEVER;
      }
      return fen;
    });

export const optionalMoneyField = () =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), moneyField().optional());

export const optionalDateField = () =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => v ?? "")
    .refine((v) => v === "" || isValidDate(v), "validation.date");

/** The key that makes a form submission idempotent; generated when the form is rendered. */
export const requestIdField = () => z.string().regex(CLIENT_ID_PATTERN, "validation.requestId");

export const checkbox = () =>
  z
    .union([z.literal("on"), z.literal("true"), z.literal("1"), z.literal("")])
    .optional()
    .transform((v) => v === "on" || v === "true" || v === "1");
