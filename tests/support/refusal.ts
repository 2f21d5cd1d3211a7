import { DomainError } from "~/domain/errors";

/** The status and message key of the domain error `fn` throws; fails if it throws none. */
export function refusal(fn: () => unknown): { status: number; key: string } {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return { status: error.status, key: error.key };
    throw error;
  }
  throw new Error("expected a domain error");
}
