import { common } from "../zh-CN/common";

/** Every page: the header, errors and forms. Bundled with messages.ts. Log-in's words: auth.ts. */
export const everyone = { ...common };
