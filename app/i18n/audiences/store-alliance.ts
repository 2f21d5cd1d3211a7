import { provideMessages } from "../messages";
import { alliance } from "../zh-CN/alliance";
import { home } from "../zh-CN/home";
import { negotiation } from "../zh-CN/negotiation";
import { payments } from "../zh-CN/payments";
import { pledges } from "../zh-CN/pledges";

/** The store's alliance pages: its alliances, campaigns, pledges and deposits. Imported by each. */
provideMessages("zh-CN", { ...alliance, ...negotiation, ...pledges, ...payments, ...home });
