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
const INTERNAL = {
  group: ["~/domain/**/internal/*", "~/domain/**/*.internal.server", "**/*.internal.server"],
  message: "Internal domain modules read by bare id without an organisation: only the domain may use them.",
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
    rules: { "no-restricted-imports": ["error", { patterns: [DATABASE, INTERNAL] }] },
  },
  {
    files: ["app/auth/**", "app/http/**", "workers/**", "scripts/**", "server.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [INTERNAL] }] },
  },
  {
    files: ["app/domain/**", "db/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [ABOVE_DOMAIN] }] },
  },
  {
    files: ["app/domain/**", "app/routes/**"],
    rules: { "no-restricted-syntax": ["error", ...WALL_CLOCK] },
  },
);
