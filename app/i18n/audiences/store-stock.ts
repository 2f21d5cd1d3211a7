import { provideMessages } from "../messages";
import { home } from "../zh-CN/home";
import { inventory } from "../zh-CN/inventory";
import { recallStock } from "../zh-CN/recall-stock";

/** The store's stock pages: products, receive, adjust, count, import. Imported by each such page. */
provideMessages("zh-CN", { ...home, ...inventory, ...recallStock });
