import { provideMessages } from "../messages";
import { trace } from "../zh-CN/trace";
import { negotiation } from "../zh-CN/negotiation";
import { accounts } from "../zh-CN/accounts";
import { alliance } from "../zh-CN/alliance";
import { analysis } from "../zh-CN/analysis";
import { distribution } from "../zh-CN/distribution";
import { jobs } from "../zh-CN/jobs";
import { payments } from "../zh-CN/payments";
import { pledges } from "../zh-CN/pledges";
import { recall } from "../zh-CN/recall";
import { restock } from "../zh-CN/restock";
import { suggestions } from "../zh-CN/suggestions";

/**
 * The store's back office: home dashboard, restock, analysis, suppliers, alliances. Imported by
 * each store page outside the shop floor that shows these strings.
 */
provideMessages("zh-CN", {
  ...trace,
  ...negotiation,
  ...restock,
  ...accounts,
  ...suggestions,
  ...analysis,
  ...payments,
  ...pledges,
  ...alliance,
  ...distribution,
  ...jobs,
  ...recall,
});
