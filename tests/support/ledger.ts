// The invariant query lives with the database (a restore checks it too); tests import it from here as before.
export { ledgerViolations } from "../../db/ledger-invariants";
