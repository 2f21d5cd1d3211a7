import { startServer } from "../server";

/** `npm run serve` (production): migrate and serve; compiled to build/server/serve.js by `npm run build`. */
await startServer();
