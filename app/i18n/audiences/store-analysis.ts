import { provideMessages } from "../messages";
import { accounts } from "../zh-CN/accounts";
import { analysis } from "../zh-CN/analysis";
import { weekdays } from "../zh-CN/weekdays";

/**
 * The store's analysis: the advice page, a product's page and insight, the sales list. Imported
 * by each such page (the rest of the back office is audiences/store-office.ts).
 */
provideMessages("zh-CN", { ...analysis, ...accounts, ...weekdays });
