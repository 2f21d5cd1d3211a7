import { provideMessages } from "../messages";
import { auth } from "../zh-CN/auth";

/**
 * Log-in, sign-up, the account page and the forms that ask for a phone or a store's name:
 * imported by those pages, so the others (the sell page first) do not carry these words.
 */
provideMessages("zh-CN", { ...auth });
