import { auth } from "../zh-CN/auth";
import { common } from "../zh-CN/common";

/** Every page: the header, errors, forms, log-in and account pages. Bundled with messages.ts. */
export const everyone = { ...common, ...auth };
