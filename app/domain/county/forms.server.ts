import { z } from "zod";
import { MONTH } from "./months";

// The bureau's forms, parsed at the edge (zod stays on the server, out of the page bundles).

export const publishForm = z.object({
  month: z.string().regex(MONTH, "county.publish.badMonth"),
});
