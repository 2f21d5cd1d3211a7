import { provideMessages } from "../messages";
import { county } from "../zh-CN/county";

/** The county commerce bureau's pages, and a store owner's data-sharing page. */
provideMessages("zh-CN", { ...county });
