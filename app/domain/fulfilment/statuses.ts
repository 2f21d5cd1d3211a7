import { RUN_STATUSES } from "@db/schema/distribution-enums";

// Browser-safe: the run states as a list for filters, without pulling drizzle into the page.
export const RUN_STATUS_LIST = RUN_STATUSES;
