import type { NextFunction, Request, Response } from "express";

/**
 * Cross-site request forgery: a page on another site can make a signed-in phone post a form
 * (or a fetch) to us, with the session cookie attached. Browsers say where a request comes from
 * (Origin on every POST; Referer and Sec-Fetch-Site as well), so a write whose origin is not
 * ours is refused before any handler runs. Clients that are not browsers send none of these
 * headers and pass: they cannot carry a victim's cookie. (docs/decisions/031)
 */

/** Methods that never write: a foreign GET is a link, not a forgery. */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Paths authenticated by something other than the session cookie (the provider signs its webhook). */
export const SAME_ORIGIN_EXEMPT = ["/webhooks/stripe"];

export type RequestOrigin = {
  method: string;
  path: string;
  /** The Host header the request arrived with (host[:port]). */
  host: string | undefined;
  origin: string | undefined;
  referer: string | undefined;
  secFetchSite: string | undefined;
};

function hostOf(url: string): string | null {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

/** Why a request is refused as cross-origin, or null when it may go on. */
export function crossOriginReason(request: RequestOrigin): string | null {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return null;
  if (SAME_ORIGIN_EXEMPT.includes(request.path)) return null;
  const host = request.host?.toLowerCase();
  if (request.origin !== undefined) {
    // "null" is what a sandboxed frame, a data: page or a no-referrer page sends: not us.
    if (request.origin === "null") return "origin null";
    return hostOf(request.origin)?.toLowerCase() === host ? null : `origin ${request.origin}`;
  }
  if (request.referer !== undefined) {
    return hostOf(request.referer)?.toLowerCase() === host ? null : `referer ${request.referer}`;
  }
  // No Origin and no Referer: trust the browser's own verdict when it gives one.
  if (request.secFetchSite === "cross-site") return "sec-fetch-site cross-site";
  return null;
}

function header(req: Request, name: string): string | undefined {
  const value = req.get(name);
  return value === undefined || value === "" ? undefined : value;
}

export function requestOrigin(req: Request): RequestOrigin {
  return {
    method: req.method,
    path: req.path,
    host: header(req, "host"),
    origin: header(req, "origin"),
    referer: header(req, "referer"),
    secFetchSite: header(req, "sec-fetch-site"),
  };
}

const REFUSED = {
  "zh-CN": "请求被拒绝：它来自其他网站。请回到村链页面再试一次。",
  en: "Refused: this request came from another website. Go back to VillageLink and try again.",
};

/**
 * Express middleware for server.ts: a cross-origin write is a 403 with nothing read or written,
 * logged as refused. JSON endpoints get JSON, pages a short page in both languages.
 */
export function refuseCrossOrigin(req: Request, res: Response, next: NextFunction) {
  const reason = crossOriginReason(requestOrigin(req));
  if (reason === null) return next();
  console.warn(`refused cross-origin ${req.method} ${req.path} (${reason})`);
  res.status(403);
  res.set("Cache-Control", "no-store");
  if (req.path.startsWith("/api/") || req.accepts(["html", "json"]) === "json") {
    res.json({ error: "cross-origin", message: REFUSED["zh-CN"], messageEn: REFUSED.en });
    return;
  }
  res
    .type("html")
    .send(
      `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
        `<title>403</title><p>${REFUSED["zh-CN"]}</p><p lang="en">${REFUSED.en}</p><p><a href="/">村链 VillageLink</a></p></html>`,
    );
}
