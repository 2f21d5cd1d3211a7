import { provideMessages } from "../messages";
import { inventory } from "../zh-CN/inventory";
import { recallStock } from "../zh-CN/recall";

/** The store's stock pages: products, receive, adjust, count, import. Imported by each such page. */
provideMessages("zh-CN", { ...inventory, ...recallStock });
