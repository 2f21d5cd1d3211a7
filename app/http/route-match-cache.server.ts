import { createRequire } from "node:module";

/**
 * Remembers which routes match a path (decision 033). @remix-run/router's `matchRoutes`
 * flattens, ranks and compiles a regular expression for every route file on every call, and a
 * page request calls it several times (the server's route match, the lazy route discovery's
 * partial manifest — once per parent path —, React Router's render): with ~90 route files that
 * was about a fifth of a page's CPU.
 *
 * Remix builds a new route tree per request from the same build, so the answer is kept by the
 * tree's shape (its route ids) and the path, as the matched route ids with their params, and
 * resolved to the route objects of the tree at hand; if an id is not in that tree the real
 * function answers. Bounded; every caller gets fresh objects.
 *
 * It replaces the package's exported function, which Remix's server runtime, its lazy route
 * discovery and React Router call through the module object; the router's own internal call
 * (the static handler's query) is not reached here: patches/ makes that one cheap (decision 049).
 */
type Route = { id?: string; children?: Route[] };
type Match = { params: Record<string, string | undefined>; pathname: string; pathnameBase: string; route: Route };
type MatchRoutes = (routes: Route[], location: string | { pathname?: string }, basename?: string) => Match[] | null;
type Remembered = { ids: string[]; params: Match["params"]; pathnames: [string, string][] } | null;

const MAX_ENTRIES = 2000;
const require = createRequire(import.meta.url);
const router = require("@remix-run/router") as { matchRoutes: MatchRoutes & { cached?: true } };

function shapeOf(routes: Route[]): string {
  let count = 0;
  const walk = (rs: Route[]) => {
    for (const r of rs) {
      count++;
      if (r.children) walk(r.children);
    }
  };
  walk(routes);
  return `${routes.map((r) => r.id).join(",")}#${count}`;
}

function resolve(routes: Route[], remembered: NonNullable<Remembered>): Match[] | null {
  const matches: Match[] = [];
  let level: Route[] | undefined = routes;
  for (let i = 0; i < remembered.ids.length; i++) {
    const route: Route | undefined = level?.find((r) => r.id === remembered.ids[i]);
    if (!route) return null;
    const [pathname, pathnameBase] = remembered.pathnames[i];
    matches.push({ params: { ...remembered.params }, pathname, pathnameBase, route });
    level = route.children;
  }
  return matches;
}

if (!router.matchRoutes.cached) {
  const original = router.matchRoutes;
  const cache = new Map<string, Remembered>();
  const cachedMatchRoutes: MatchRoutes & { cached?: true } = (routes, location, basename = "/") => {
    const pathname = typeof location === "string" ? location.split(/[?#]/)[0] : location.pathname;
    if (pathname === undefined || routes.some((r) => r.id === undefined)) return original(routes, location, basename);
    const key = `${shapeOf(routes)}\u0000${basename}\u0000${pathname}`;
    let remembered = cache.get(key);
    if (remembered === undefined) {
      const matches = original(routes, pathname, basename);
      // Pathless routes can repeat a parent's id-less path; only trees whose routes all have ids are kept.
      if (matches && matches.some((m) => m.route.id === undefined)) return matches;
      remembered = matches && {
        ids: matches.map((m) => m.route.id!),
        params: { ...matches.at(-1)?.params },
        pathnames: matches.map((m) => [m.pathname, m.pathnameBase]),
      };
      if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
      cache.set(key, remembered);
      return matches;
    }
    return remembered && (resolve(routes, remembered) ?? original(routes, location, basename));
  };
  cachedMatchRoutes.cached = true;
  router.matchRoutes = cachedMatchRoutes;
}

export {};
