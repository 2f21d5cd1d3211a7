import "~/i18n/dictionaries.server";
import { data } from "@remix-run/node";
import { DomainError } from "~/domain/errors";
import type { Locale } from "~/i18n/locale";
import { translate } from "~/i18n/messages";
import { submittedValues } from "./forms.server";

export type FormErrors = {
  formError?: string;
  /** The error's dictionary key, for a page that offers a way out of one particular refusal. */
  code?: string;
  fieldErrors?: Record<string, string>;
  values?: Record<string, string>;
};

/** The one place a domain error becomes an HTTP answer, in the user's language. */
export function domainErrorBody(error: DomainError, locale: Locale): FormErrors {
  const fieldErrors: Record<string, string> = {};
  for (const [field, key] of Object.entries(error.fieldErrors)) {
    if (key) fieldErrors[field] = translate(locale, key, error.params);
  }
  return { formError: translate(locale, error.key, error.params), code: error.key, fieldErrors };
}

export function forbidden(locale: Locale) {
  return data({ message: translate(locale, "error.forbidden") }, { status: 403 });
}

/**
 * For actions: a domain error comes back as the form's error with its status (400/404/409/
 * 429…) and, given the form, what the user typed; anything else is a real fault.
 */
export async function attempt<T>(locale: Locale, run: () => T | Promise<T>, formData?: FormData) {
  try {
    return { ok: true as const, value: await run() };
  } catch (error) {
    if (error instanceof DomainError) {
      const body: FormErrors = { ...domainErrorBody(error, locale), values: formData ? submittedValues(formData) : {} };
      return { ok: false as const, reply: data(body, { status: error.status }) };
    }
    throw error;
  }
}

/** For loaders: a domain error is thrown as a response and the error boundary shows it. */
export async function load<T>(locale: Locale, run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DomainError) {
      throw data({ message: translate(locale, error.key, error.params) }, { status: error.status });
    }
    throw error;
  }
}
