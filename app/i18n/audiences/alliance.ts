import { provideMessages } from "../messages";
import { trace } from "../zh-CN/trace";
import { payments } from "../zh-CN/payments";
import { negotiation } from "../zh-CN/negotiation";
import { alliance } from "../zh-CN/alliance";
import { jobs } from "../zh-CN/jobs";
import { pledges } from "../zh-CN/pledges";
import { recall } from "../zh-CN/recall";
import { restock } from "../zh-CN/restock";
import { home } from "../zh-CN/home";

/** Every alliance coordinator page. Imported by routes/alliance.tsx. */
provideMessages("zh-CN", {
  ...home,
  ...trace,
  ...payments,
  ...negotiation,
  ...alliance,
  ...pledges,
  ...restock,
  ...jobs,
  ...recall,
});
