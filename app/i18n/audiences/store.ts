import { provideMessages } from "../messages";
import { offline } from "../zh-CN/offline";
import { recallTill } from "../zh-CN/recall";
import { sales } from "../zh-CN/sales";
import { scan } from "../zh-CN/scan";

/**
 * The till, on every store page: the store layout imports it (sell, sales, customers, the
 * offline outbox, the camera scan of every scan field). The sell page carries nothing else but `everyone`, to stay light on a phone.
 */
provideMessages("zh-CN", { ...sales, ...offline, ...scan, ...recallTill });
