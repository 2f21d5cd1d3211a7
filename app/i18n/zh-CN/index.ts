import { auth } from "./auth";
import { common } from "./common";
import { distribution } from "./distribution";
import { fulfilment } from "./fulfilment";
import { inventory } from "./inventory";
import { restock } from "./restock";
import { sales } from "./sales";

/** The source dictionary: every key the app uses, in Chinese. */
export const zhCN = { ...common, ...auth, ...inventory, ...sales, ...distribution, ...restock, ...fulfilment };
