import "~/i18n/dictionaries.server";
import { data } from "@remix-run/node";
import { Invalid } from "~/domain/errors";
import type { Locale } from "~/i18n/locale";
import { domainErrorBody, type FormErrors } from "./errors.server";
import { submittedValues } from "./forms.server";

/**
 * The intent a form with several buttons posted (`name="intent" value="…"`), narrowed to the ones
 * its action handles. Anything else (a page older than the code, a hand-made request) gets a 400
 * in the user's language and nothing is written: no action guesses a default intent.
 *
 *   const intent = readIntent(formData, ["pay", "withdraw", "pledge"], ctx.locale);
 *   if (!intent.ok) return intent.reply;
 *   switch (intent.value) { … }
 */
export function readIntent<const I extends readonly [string, ...string[]]>(
  formData: FormData,
  intents: I,
  locale: Locale,
) {
  const posted = formData.get("intent");
  const known = intents.find((intent) => intent === posted);
  if (known !== undefined) return { ok: true as const, value: known as I[number] };
  const body: FormErrors = {
    ...domainErrorBody(new Invalid("error.unknownIntent"), locale),
    values: submittedValues(formData),
  };
  return { ok: false as const, reply: data(body, { status: 400 }) };
}
