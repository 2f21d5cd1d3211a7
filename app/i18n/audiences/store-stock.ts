import { provideMessages } from "../messages";
import { inventory } from "../zh-CN/inventory";
import { home } from "../zh-CN/home";

/** The store's stock pages: products, receive, adjust, count, import. Imported by each such page. */
provideMessages("zh-CN", {
  ...home,
  ...inventory,
});
