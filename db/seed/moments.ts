import { fixedClock, type Clock } from "../../app/domain/dates";

/** Runs `write` as if it were `time`: what it writes carries that moment, as it would have then. */
export type At = <T>(time: number, write: () => T) => T;

/**
 * The clock the demo's story is told with. Every context the seed hands to the domain carries
 * `clock`; `at(time, write)` sets it to a moment of the story for one use case, then back to the
 * seeding's "now", so the use cases stamp their rows (and keep their rollups) at that moment and
 * nothing is rewritten afterwards.
 */
export function storyClock(now: number): { clock: Clock; at: At } {
  const clock = fixedClock(now);
  const at: At = (time, write) => {
    clock.set(time);
    try {
      return write();
    } finally {
      clock.set(now);
    }
  };
  return { clock, at };
}
