import type { ReactNode } from "react";
import type { ActionErrors } from "./forms";

/** The form's own error (not a field's), as the server said it. */
export function FormError({ errors }: { errors?: ActionErrors }) {
  if (!errors?.formError) return null;
  return (
    <p role="alert" className="rounded-lg border border-red-300 bg-red-50 p-3 text-sm text-red-800">
      {errors.formError}
    </p>
  );
}

/** A quiet confirmation (a sale recorded, a count saved). */
export function Notice({ children }: { children: ReactNode }) {
  return (
    <p role="status" className="rounded-lg border border-brand-100 bg-brand-50 p-3 text-sm text-brand-800">
      {children}
    </p>
  );
}
