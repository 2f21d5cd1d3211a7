import { useNavigate } from "@remix-run/react";
import { useCallback, type MouseEvent } from "react";

/**
 * A long list of links (a page of 50 products) as plain anchors under one click handler. A Remix
 * `<Link>` is a component with hooks of its own, and hydrating 50 of them cost ~0.1 s of a slowed
 * phone's main thread on the product list (docs/BENCHMARKS.md, "Product rows as plain links").
 * Each anchor carries `data-discover`, as a `<Link>` does, so Remix's route discovery still
 * fetches its route ahead of the tap; the handler, put on the list, navigates in place as the
 * `<Link>` would. Without JavaScript they are ordinary links.
 */
export function useRowLinks(): (event: MouseEvent<HTMLElement>) => void {
  const navigate = useNavigate();
  return useCallback(
    (event) => {
      // What the browser should handle itself: another tab or window, a download, another button.
      if (event.defaultPrevented || event.button !== 0) return;
      if (event.metaKey || event.altKey || event.ctrlKey || event.shiftKey) return;
      const anchor = event.target instanceof Element ? event.target.closest("a") : null;
      if (!anchor || !event.currentTarget.contains(anchor)) return;
      if ((anchor.target && anchor.target !== "_self") || anchor.hasAttribute("download")) return;
      const url = new URL(anchor.href);
      if (url.origin !== window.location.origin) return;
      event.preventDefault();
      navigate(`${url.pathname}${url.search}${url.hash}`);
    },
    [navigate],
  );
}

/** One row's link: an anchor that route discovery sees, for a list that uses `useRowLinks`. */
export function rowLinkProps(href: string) {
  return { href, "data-discover": "true" } as const;
}
