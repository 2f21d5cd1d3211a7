import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const TEST_OUTPUT = path.join(ROOT, "test-output");
// One base file per test run (the global setup's process id is handed to the workers through
// the environment), so two runs in one checkout never delete each other's base.
export const BASE_DB = path.join(TEST_OUTPUT, `base-${process.env.VL_TEST_RUN ?? process.pid}.sqlite`);
export const SCREENSHOTS = path.join(TEST_OUTPUT, "screenshots");
