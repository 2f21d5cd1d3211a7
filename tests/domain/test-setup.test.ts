import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// scripts/test-setup.sh, the first step of `npm test`. The install branch needs root and the
// network (it ran on a bare machine: ≈ 15 s); these cases run without either.
const SCRIPT = fileURLToPath(new URL("../../scripts/test-setup.sh", import.meta.url));
const run = (env: Record<string, string>) =>
  spawnSync("bash", [SCRIPT], { env: { ...process.env, ...env }, encoding: "utf8", timeout: 10_000 });

describe("the test set-up step", () => {
  it("not root and Chromium missing: stops at once with one line saying exactly what to run", () => {
    const result = run({ TEST_SETUP_UID: "1000", CHROMIUM_PATH: "/nonexistent/chromium" });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("chromium");
    expect(lines[0]).toContain(
      "apt-get update && apt-get install -y --no-install-recommends chromium fonts-noto-cjk faketime ffmpeg",
    );
  });

  it("not root and ffmpeg missing: names ffmpeg in the same one line", () => {
    const result = run({ TEST_SETUP_UID: "1000", FFMPEG_PATH: "/nonexistent/ffmpeg" });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^npm test needs ffmpeg: run /);
    expect(lines[0]).toContain("apt-get install -y --no-install-recommends chromium fonts-noto-cjk faketime ffmpeg");
  });

  it("everything present: does nothing, quickly", () => {
    // `npm test` ran the set-up before this test, so the machine has the packages.
    const started = performance.now();
    const result = run({ TEST_SETUP_UID: "1000" });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
