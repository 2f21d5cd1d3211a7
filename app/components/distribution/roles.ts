// Who does what at a distributor: the admin runs everything; the warehouse receives stock and
// reads the catalog; drivers see their runs (built with fulfilment). Guards use these lists.
export const DISTRIBUTOR_ADMIN = ["admin"] as const;
export const DISTRIBUTOR_WAREHOUSE = ["admin", "warehouse"] as const;
export const DISTRIBUTOR_ANY = ["admin", "warehouse", "driver"] as const;
