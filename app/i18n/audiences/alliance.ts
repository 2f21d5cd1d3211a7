import { provideMessages } from "../messages";
import { alliance } from "../zh-CN/alliance";
import { jobs } from "../zh-CN/jobs";
import { pledges } from "../zh-CN/pledges";
import { restock } from "../zh-CN/restock";

/** Every alliance coordinator page. Imported by routes/alliance.tsx. */
provideMessages("zh-CN", { ...alliance, ...pledges, ...restock, ...jobs });
