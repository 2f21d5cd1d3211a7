import { provideMessages } from "../messages";
import { offlineRuntime, offlineTill } from "../zh-CN/offline";
import { recallTill } from "../zh-CN/recall";
import { sales } from "../zh-CN/sales";
import { traceTab } from "../zh-CN/trace";

/**
 * The till, on every store page: the store layout imports it (sell, sales, customers, the
 * offline outbox). The sell page carries nothing else but `everyone`, to stay light on a phone.
 * The camera scan brings its own words (audiences/scan.ts); the sync replies' stay on the server.
 */
provideMessages("zh-CN", { ...sales, ...offlineTill, ...offlineRuntime, ...recallTill, ...traceTab });
