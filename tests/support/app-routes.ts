import fs from "node:fs";
import path from "node:path";
import { ROOT } from "./paths";

export type Route = { id: string; path?: string; index?: boolean; caseSensitive?: boolean; children?: Route[] };

/** The app's routes as Remix gives them to the static handler, from the build's route manifest. */
export function appRoutes(): Route[] {
  const dir = path.join(ROOT, "public/build");
  const file = fs.readdirSync(dir).find((f) => /^manifest-.*\.js$/.test(f));
  if (!file) throw new Error("no public/build/manifest-*.js: run `npm run build`");
  const source = fs.readFileSync(path.join(dir, file), "utf8");
  const manifest = JSON.parse(source.replace(/^window\.__remixManifest=/, "").replace(/;\s*$/, "")) as {
    routes: Record<string, { id: string; parentId?: string; path?: string; index?: boolean; caseSensitive?: boolean }>;
  };
  const under = (parentId: string | undefined): Route[] =>
    Object.values(manifest.routes)
      .filter((r) => r.parentId === parentId)
      .map((r) => {
        const children = under(r.id);
        return {
          id: r.id,
          path: r.path,
          index: r.index,
          caseSensitive: r.caseSensitive,
          ...(children.length ? { children } : {}),
        };
      });
  return under(undefined);
}
