// Who does what on a run: the warehouse picks and loads, the driver delivers; the admin can do
// both, and everyone at the distributor can read a run and print its lists (decision 020).
export const RUN_READERS = ["admin", "warehouse", "driver"] as const;
export const PICKERS = ["admin", "warehouse"] as const;
export const DRIVERS = ["admin", "driver"] as const;
