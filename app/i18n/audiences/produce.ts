import { provideMessages } from "../messages";
import { fulfilment } from "../zh-CN/fulfilment";
import { produce } from "../zh-CN/produce";

/**
 * Produce up (农产品上行, issue 15): the store's produce pages, the distributor's buying list and
 * grading pages, the return leg on the run pages, and the farmer's receipt opened by link. The
 * store's receipt and certificate sheets print through the run sheets' print frame (fulfilment).
 */
provideMessages("zh-CN", { ...produce, ...fulfilment });
