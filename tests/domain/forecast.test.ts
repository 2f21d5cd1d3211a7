import { describe, expect, it } from "vitest";
import { averageDemandInterval, demandStdDev, forecastRate } from "~/domain/analysis/forecast";

describe("forecastRate", () => {
  it("gives no rate when nothing sold", () => {
    expect(forecastRate([])).toEqual({ rate: 0, method: "none" });
    expect(forecastRate([0, 0, 0, 0])).toEqual({ rate: 0, method: "none" });
  });

  it("uses SES for a product that sells every day, starting from the mean", () => {
    // mean 2.5; 2.5→1.75→2.375→2.1875→3.09375 with α = 0.5
    const f = forecastRate([1, 3, 2, 4], { alpha: 0.5 });
    expect(f.method).toBe("ses");
    expect(f.rate).toBeCloseTo(3.09375, 10);
  });

  it("keeps a steady seller at its rate", () => {
    const f = forecastRate(Array(56).fill(3));
    expect(f).toEqual({ rate: 3, method: "ses" });
  });

  it("uses Croston/SBA for intermittent demand (hand-computed)", () => {
    // demands 3 (day 3), 5 (2 days later), 2 (4 days later); α = 0.5
    // z: 3 → 4 → 3; p: 3 → 2.5 → 3.25; rate = (1 − 0.25)·3 / 3.25
    const f = forecastRate([0, 0, 3, 0, 5, 0, 0, 0, 2], { alpha: 0.5 });
    expect(f.method).toBe("sba");
    expect(f.rate).toBeCloseTo((0.75 * 3) / 3.25, 10);
  });

  it("SBA of a regular every-other-day seller is (1 − α/2)·size/2", () => {
    const f = forecastRate([0, 4, 0, 4, 0, 4, 0, 4], { alpha: 0.1 });
    expect(f.method).toBe("sba");
    expect(f.rate).toBeCloseTo((0.95 * 4) / 2, 10);
  });

  it("lets the SBA rate fall while a product has stopped selling", () => {
    // One sale of 1 on day 3, then 11 quiet days: p = 3, but 11 periods since the sale.
    const quiet = [0, 0, 1, ...Array(11).fill(0)];
    expect(forecastRate(quiet, { alpha: 0.5 }).rate).toBeCloseTo(0.75 / 11, 10);
    // Silence shorter than the usual interval changes nothing.
    expect(forecastRate([0, 0, 1, 0], { alpha: 0.5 }).rate).toBeCloseTo(0.75 / 3, 10);
  });

  it("switches method at ADI 1.32", () => {
    expect(averageDemandInterval([1, 1, 1, 0])).toBeCloseTo(4 / 3, 10);
    expect(forecastRate([1, 1, 1, 0]).method).toBe("sba");
    expect(averageDemandInterval([1, 1, 1, 1, 0])).toBe(1.25);
    expect(forecastRate([1, 1, 1, 1, 0]).method).toBe("ses");
  });

  it("counts a net-negative day (returns) as zero demand", () => {
    expect(forecastRate([-2, 0, 0])).toEqual({ rate: 0, method: "none" });
    const f = forecastRate([0, -1, 3, 0], { alpha: 0.5 });
    // one demand of 3 at position 3: z = 3, p = 3 → 0.75·3/3
    expect(f).toEqual({ rate: 0.75, method: "sba" });
  });

  it("refuses a smoothing constant outside (0, 1]", () => {
    expect(() => forecastRate([1], { alpha: 0 })).toThrow(RangeError);
    expect(() => forecastRate([1], { alpha: 1.5 })).toThrow(RangeError);
  });
});

describe("demandStdDev", () => {
  it("is the population standard deviation, zero for short series", () => {
    expect(demandStdDev([5])).toBe(0);
    expect(demandStdDev([2, 4, 4, 4, 5, 5, 7, 9])).toBe(2);
    expect(demandStdDev([0, 0, 0, 4])).toBeCloseTo(Math.sqrt(3), 10);
  });
});
