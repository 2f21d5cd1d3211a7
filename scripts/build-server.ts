import fs from "node:fs";
import path from "node:path";
import { build, type Plugin } from "esbuild";

/**
 * `npm run build`, after `remix build`: the server's own code (server.ts, the start scripts, the
 * background worker and what they import from app/ and db/) compiled into build/server/*.js, so they run under
 * plain `node` — no tsx loader in the serving process (decision 045: ~60 MB of resident memory
 * and ~3 s of start-up per process). Packages stay in node_modules, as for the Remix build.
 */
const ROOT = process.cwd();
const OUT = path.join(ROOT, "build/server");

/**
 * Modules that find files beside themselves (`import.meta.url`: db/migrations, the worker entry)
 * keep pointing at their own source location once bundled, and `import.meta.url === argv[1]`
 * "run as a script" checks stay false inside the bundle.
 */
const ownLocation: Plugin = {
  name: "own-location",
  setup(b) {
    b.onLoad({ filter: /\.(ts|tsx)$/ }, (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const source = fs.readFileSync(args.path, "utf8");
      // Relative to the bundle (every output file sits in build/server/), so the tree can move.
      const own = `new URL(${JSON.stringify(path.relative(OUT, args.path).split(path.sep).join("/"))}, import.meta.url).href`;
      const contents = source.replace(/\bimport\.meta\.url\b/g, own);
      return { contents, loader: args.path.endsWith(".tsx") ? "tsx" : "ts" };
    });
  },
};

/** Packages stay in node_modules; the project's own aliases (tsconfig paths "~/", "@db/") are bundled. */
const packagesOutside: Plugin = {
  name: "packages-outside",
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      /^(~|@db)\//.test(args.path) ? undefined : { path: args.path, external: true },
    );
  },
};

fs.rmSync(OUT, { recursive: true, force: true });
await build({
  entryPoints: { serve: "scripts/serve.ts", start: "scripts/start.ts", worker: "workers/index.ts" },
  outdir: OUT,
  bundle: true,
  splitting: true,
  platform: "node",
  format: "esm",
  target: "node20",
  logLevel: "warning",
  plugins: [packagesOutside, ownLocation],
});
console.log(`server compiled to ${path.relative(ROOT, OUT)}/ (serve.js, start.js, worker.js)`);
