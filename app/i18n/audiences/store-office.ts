import { provideMessages } from "../messages";
import { accounts } from "../zh-CN/accounts";
import { distribution } from "../zh-CN/distribution";
import { weekdays } from "../zh-CN/weekdays";
import { home } from "../zh-CN/home";
import { payments } from "../zh-CN/payments";
import { recall } from "../zh-CN/recall";
import { restock } from "../zh-CN/restock";
import { suggestions } from "../zh-CN/suggestions";
import { trace } from "../zh-CN/trace";

/**
 * The store's back office: restock and its account, suppliers, lots and recalls, notifications.
 * Imported by each such page. Analysis and the alliance pages have audiences of their own
 * (store-analysis.ts, store-alliance.ts), the home its few words (store-home.ts): each page
 * carries what it shows, not the whole back office (decision 033).
 */
provideMessages("zh-CN", {
  ...home,
  ...trace,
  ...restock,
  ...accounts,
  ...suggestions,
  ...payments,
  ...distribution,
  ...weekdays,
  ...recall,
});
