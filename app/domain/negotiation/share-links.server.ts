import type { Locale } from "~/i18n/locale";
import { formatDateTime, translate } from "~/i18n/messages";
import type { IssuedLink } from "./send-request.server";

export type SharedLink = { supplierName: string; url: string; text: string };

/** The links go back in the answer, once (only their hashes are kept), each with a ready-made message. */
export function shareLinks(
  origin: string,
  links: IssuedLink[],
  detail: { title: string; deadlineAt: number },
  alliance: string,
  locale: Locale,
): SharedLink[] {
  return links.map((l) => {
    const url = `${origin}/quote/${l.token}`;
    return {
      supplierName: l.supplierName,
      url,
      text: translate(locale, "negotiation.shareText", {
        supplier: l.supplierName,
        alliance,
        title: detail.title,
        deadline: formatDateTime(locale, detail.deadlineAt),
        url,
      }),
    };
  });
}
