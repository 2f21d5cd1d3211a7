import { useNavigation } from "@remix-run/react";
import type { InputHTMLAttributes, ReactNode } from "react";
import { useT } from "~/i18n/use-t";

// The page-level messages live apart so a light page (the sell screen) can take them alone.
export { FormError, Notice } from "./notices";

export type ActionErrors =
  | {
      formError?: string;
      code?: string;
      fieldErrors?: Record<string, string>;
      values?: Record<string, string>;
    }
  | undefined;

type FieldProps = InputHTMLAttributes<HTMLInputElement> & {
  label: string;
  name: string;
  hint?: string;
  /** Marks the label "(optional)", so a shopkeeper knows what may be skipped. */
  optional?: boolean;
  errors?: ActionErrors;
};

/** A labelled input that shows its server error and keeps what the user typed after a 400. */
export function Field({ label, name, hint, optional, errors, defaultValue, className = "", ...input }: FieldProps) {
  const { t } = useT();
  const error = errors?.fieldErrors?.[name];
  const value = errors?.values?.[name] ?? defaultValue;
  const id = input.id ?? `f-${name}`;
  return (
    <div className={`flex flex-col gap-1 ${className}`}>
      <label htmlFor={id} className="text-sm font-medium text-stone-700">
        {label}
        {optional ? (
          <span className="ml-1.5 rounded bg-stone-200 px-1.5 py-0.5 text-xs font-normal text-stone-600">
            {t("field.optional")}
          </span>
        ) : null}
      </label>
      <input
        id={id}
        name={name}
        defaultValue={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
        className={`min-h-12 w-full rounded-lg border px-3 text-base ${
          error ? "border-red-600 bg-red-50" : "border-stone-300 bg-white"
        } focus:outline-2 focus:outline-brand-600`}
        {...input}
      />
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-700" role="alert">
          {error}
        </p>
      ) : hint ? (
        <p id={`${id}-hint`} className="text-xs text-stone-500">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

type SelectProps = {
  label: string;
  name: string;
  /** Needed when one page repeats a form (one per row): ids must stay unique. */
  id?: string;
  options: { value: string; label: string }[];
  defaultValue?: string;
  errors?: ActionErrors;
};

export function Select({ label, name, id: givenId, options, defaultValue, errors }: SelectProps) {
  const error = errors?.fieldErrors?.[name];
  const id = givenId ?? `f-${name}`;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-stone-700">
        {label}
      </label>
      <select
        id={id}
        name={name}
        defaultValue={errors?.values?.[name] ?? defaultValue}
        aria-invalid={error ? true : undefined}
        className={`min-h-12 rounded-lg border bg-white px-3 text-base ${error ? "border-red-600" : "border-stone-300"}`}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error ? (
        <p className="text-sm text-red-700" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

const BUTTON_LOOKS = {
  primary: "bg-brand-700 text-white active:bg-brand-800",
  // Undoing something (取消订单): plainly available, never dressed as the page's main action.
  destructive: "border border-red-300 bg-white text-red-700 active:bg-red-50",
} as const;

export function SubmitButton({
  children,
  name,
  value,
  look = "primary",
}: {
  children: ReactNode;
  name?: string;
  value?: string;
  look?: keyof typeof BUTTON_LOOKS;
}) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  return (
    <button
      type="submit"
      name={name}
      value={value}
      disabled={busy}
      data-look={look}
      className={`min-h-12 w-full rounded-lg px-4 text-base font-semibold disabled:opacity-60 ${BUTTON_LOOKS[look]}`}
    >
      {children}
    </button>
  );
}
