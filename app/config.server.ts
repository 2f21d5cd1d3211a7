import { systemClock, type Clock } from "~/domain/dates";

/**
 * Whether the site is served over HTTPS (the production default). Local demos and tests run on
 * plain http://localhost with ALLOW_HTTP=1: then cookies are not Secure, and the browser is not
 * told to upgrade requests to https or to remember HSTS.
 */
export const servedOverHttps = process.env.NODE_ENV === "production" && process.env.ALLOW_HTTP !== "1";

/** The clock every request and job reads "now" from. */
export const appClock: Clock = systemClock;
