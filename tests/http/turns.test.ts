import { describe, expect, it } from "vitest";
import { oneAtATime } from "~/http/turns.server";

/** Holds the thread as a SQLite transaction does. */
const busy = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe("oneAtATime (sync batches take turns of the event loop)", () => {
  it("runs queued work in arrival order, one piece per turn, with other callbacks between", async () => {
    const run = oneAtATime();
    const seen: string[] = [];
    const done = Promise.all([1, 2, 3].map((n) => run(() => (busy(5), seen.push(`work ${n}`), n * 10))));
    // A timer due now stands for a socket's keep-alive timer or its next request: it must get a
    // turn before all the work has run, not after.
    setTimeout(() => seen.push("timer"), 0);
    expect(await done).toEqual([10, 20, 30]);
    expect(seen.filter((s) => s.startsWith("work"))).toEqual(["work 1", "work 2", "work 3"]);
    expect(seen.indexOf("timer")).toBeGreaterThan(-1);
    expect(seen.indexOf("timer")).toBeLessThan(seen.indexOf("work 3"));
  });

  it("hands a thrown error to its own caller only", async () => {
    const run = oneAtATime();
    const bad = run(() => {
      throw new Error("refused");
    });
    const good = run(() => "recorded");
    await expect(bad).rejects.toThrow("refused");
    await expect(good).resolves.toBe("recorded");
  });
});
