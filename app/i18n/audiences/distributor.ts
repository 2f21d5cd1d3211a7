import { provideMessages } from "../messages";
import { trace } from "../zh-CN/trace";
import { backup } from "../zh-CN/backup";
import { accounts } from "../zh-CN/accounts";
import { demand } from "../zh-CN/demand";
import { distribution } from "../zh-CN/distribution";
import { weekdays } from "../zh-CN/weekdays";
import { fulfilment } from "../zh-CN/fulfilment";
import { inventory } from "../zh-CN/inventory";
import { jobs } from "../zh-CN/jobs";
import { payments } from "../zh-CN/payments";
import { pledges } from "../zh-CN/pledges";
import { recall } from "../zh-CN/recall";
import { restock } from "../zh-CN/restock";
import { sales } from "../zh-CN/sales";

/** Every distributor page. Imported by routes/distributor.tsx. */
provideMessages("zh-CN", {
  ...trace,
  ...backup,
  ...distribution,
  ...weekdays,
  ...accounts,
  ...restock,
  ...fulfilment,
  ...demand,
  ...payments,
  ...pledges,
  ...jobs,
  ...inventory,
  ...sales,
  ...recall,
});
