import { provideMessages } from "../messages";
import { offline } from "../zh-CN/offline";
import { sales } from "../zh-CN/sales";

/**
 * The till, on every store page: the store layout imports it (sell, sales, customers, the
 * offline outbox). The sell page carries nothing else but `everyone`, to stay light on a phone.
 */
provideMessages("zh-CN", { ...sales, ...offline });
