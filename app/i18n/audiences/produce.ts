import { provideMessages } from "../messages";
import { produce } from "../zh-CN/produce";

/**
 * Produce up (农产品上行, issue 15): the store's produce pages, the distributor's buying list and
 * grading pages, the return leg on the run pages, and the farmer's receipt opened by link.
 */
provideMessages("zh-CN", { ...produce });
