// The architecture's rules, kept by a tool (docs/architecture.md): arrows only point down.
// routes/components → auth → domain → db; workers → domain → db. Nothing in app/domain or db/
// imports a route, a component, Remix or a worker; no route or component reaches the database.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

const DATABASE = {
  group: ["@db", "@db/*", "**/db", "**/db/*", "drizzle-orm", "drizzle-orm/*", "better-sqlite3"],
  message: "Routes and components never touch the database: call one domain function per use case.",
};
// With or without the extension: `allowImportingTsExtensions` lets "x.internal.server.ts" resolve too.
const INTERNAL = {
  group: ["**/internal/*", "**/*.internal.server", "**/*.internal.server.ts", "**/*.internal.server.js"],
  message:
    "Internal domain modules read or write by bare id without an organisation: only the domain and the worker may use them.",
};
const ABOVE_DOMAIN = {
  group: [
    "@remix-run/*",
    "react",
    "react-dom",
    "react-dom/*",
    "~/routes/*",
    "~/components/*",
    "~/auth/*",
    "~/http/*",
    "**/routes/*",
    "**/components/*",
    "**/auth/*",
    "**/http/*",
    "**/workers/*",
  ],
  message:
    "Domain and db code sit below the routes: they never import Remix, React, routes, components, auth, http or workers.",
};

// The clock is an input (docs/decisions/030-one-clock.md): domain code and routes read "now" from
// `ctx.clock`, so tests can pin it. `systemClock` in app/domain/dates.ts is the one exception.
// no-restricted-imports does not see `await import(…)`: the same boundary for dynamic imports.
const DYNAMIC_IMPORT = {
  selector:
    "ImportExpression[source.value=/^(@db|drizzle-orm|better-sqlite3)(\\x2F|$)|(^|\\x2F)db(\\x2F|$)|\\.internal\\.server$/]",
  message: "Routes and components never import the database or an internal domain module, not even with import().",
};
const WALL_CLOCK = [
  {
    selector: "MemberExpression[object.name='Date'][property.name='now']",
    message: "Read the time from ctx.clock.now() (or a Clock passed in), never from the wall clock.",
  },
  {
    selector: "NewExpression[callee.name='Date'][arguments.length=0]",
    message: "new Date() reads the wall clock: use new Date(ctx.clock.now()).",
  },
];

export default tseslint.config(
  { ignores: ["node_modules", "build", "public/build", "test-output", "data", ".cache"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    files: ["app/routes/**", "app/components/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [DATABASE, INTERNAL] }],
      "no-restricted-syntax": ["error", DYNAMIC_IMPORT],
    },
  },
  // The worker process is not here: it acts as the system for every organisation (it claims
  // whatever job is due, and its CLI names any job), so it uses the queue's internal module.
  {
    files: ["app/auth/**", "app/http/**", "scripts/**", "server.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [INTERNAL] }] },
  },
  {
    files: ["app/domain/**", "db/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [ABOVE_DOMAIN] }] },
  },
  // One entry per file set: a later "no-restricted-syntax" would replace an earlier one, not add to it.
  {
    files: ["app/domain/**"],
    rules: { "no-restricted-syntax": ["error", ...WALL_CLOCK] },
  },
  {
    files: ["app/routes/**"],
    rules: { "no-restricted-syntax": ["error", DYNAMIC_IMPORT, ...WALL_CLOCK] },
  },
);
