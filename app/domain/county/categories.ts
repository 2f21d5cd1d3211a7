// Browser-safe names of the published restock categories (publish.server.ts writes them).

/** The county's categories beyond the largest few, published as one. */
export const OTHER_CATEGORY = "~other";
export const CATEGORY_PREFIX = "restockCat:";
