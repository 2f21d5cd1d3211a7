import { provideMessages } from "../messages";
import { alliance } from "../zh-CN/alliance";
import { negotiation } from "../zh-CN/negotiation";

/** The supplier's quote page, opened by link without an account (decision 036). */
provideMessages("zh-CN", { ...negotiation, ...alliance });
