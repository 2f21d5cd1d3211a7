import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const TEST_OUTPUT = path.join(ROOT, "test-output");
export const BASE_DB = path.join(TEST_OUTPUT, "base.sqlite");
export const SCREENSHOTS = path.join(TEST_OUTPUT, "screenshots");
