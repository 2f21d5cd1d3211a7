import "~/i18n/dictionaries.server";
import { data } from "@remix-run/node";
import type { z } from "zod";
import type { Locale } from "~/i18n/locale";
import { isMessageKey, translate } from "~/i18n/messages";

type Issue = z.core.$ZodIssue;

/** A zod issue in the user's words: our own keys first, then the common cases by kind. */
function issueMessage(issue: Issue, locale: Locale): string {
  if (isMessageKey(issue.message)) return translate(locale, issue.message);
  switch (issue.code) {
    case "too_big":
      return issue.origin === "string"
        ? translate(locale, "validation.tooLong", { max: Number(issue.maximum) })
        : translate(locale, "validation.tooLarge");
    case "too_small":
      return issue.origin === "string"
        ? translate(locale, "validation.required")
        : translate(locale, "validation.positive");
    case "invalid_type":
      return translate(locale, issue.input === undefined ? "validation.required" : "validation.invalid");
    default:
      return translate(locale, "validation.invalid");
  }
}

export type FieldErrors = Record<string, string>;

export function fieldErrorsOf(error: z.ZodError, locale: Locale): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.join(".") || "form";
    errors[field] ??= issueMessage(issue, locale);
  }
  return errors;
}

/** What the user typed, echoed back on a 400 so the form keeps it (passwords excepted). */
export function submittedValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData) {
    if (typeof value === "string" && !/password/i.test(key)) values[key] = value;
  }
  return values;
}

/**
 * Parses a form with a domain schema. On failure the caller returns `reply`: a 400 with a
 * message per field in the user's language and the values typed, and nothing is written.
 */
export function parseForm<S extends z.ZodType>(formData: FormData, schema: S, locale: Locale) {
  const raw: Record<string, unknown> = {};
  for (const key of new Set(formData.keys())) {
    const all = formData.getAll(key).filter((v): v is string => typeof v === "string");
    raw[key] = all.length > 1 ? all : all[0];
  }
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true as const, data: result.data as z.output<S> };
  return {
    ok: false as const,
    reply: data(
      {
        formError: translate(locale, "error.badRequest"),
        fieldErrors: fieldErrorsOf(result.error, locale),
        values: submittedValues(formData),
      },
      { status: 400 },
    ),
  };
}
