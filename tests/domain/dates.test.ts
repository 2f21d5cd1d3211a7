import { describe, expect, it } from "vitest";
import {
  addDays,
  daysBetween,
  fixedClock,
  isoWeek,
  isoWeekday,
  isoWeekMonday,
  isValidDate,
  shanghaiDate,
  shanghaiDayStart,
  shanghaiHour,
  shanghaiInstant,
  shanghaiParts,
} from "~/domain/dates";

// The one time module (docs/decisions/030-one-clock.md). Every expectation is a fixed instant:
// nothing here depends on the machine's date or time zone.

describe("the Shanghai calendar day", () => {
  it("turns at 16:00 UTC: 23:59:59.999 is still the old day, 00:00 the new one", () => {
    expect(shanghaiDate(Date.UTC(2026, 11, 7, 15, 59, 59, 999))).toBe("2026-12-07"); // Monday 23:59:59.999
    expect(shanghaiHour(Date.UTC(2026, 11, 7, 15, 59, 59, 999))).toBe(23);
    expect(shanghaiDate(Date.UTC(2026, 11, 7, 16, 0))).toBe("2026-12-08"); // Tuesday 00:00
    expect(shanghaiHour(Date.UTC(2026, 11, 7, 16, 1))).toBe(0);
    // A UTC evening is already tomorrow in Shanghai; a UTC morning is the same day.
    expect(shanghaiDate(Date.UTC(2026, 11, 31, 16, 30))).toBe("2027-01-01");
    expect(shanghaiDate(Date.UTC(2027, 0, 1, 0, 0))).toBe("2027-01-01");
  });

  it("starts at 16:00 UTC the evening before", () => {
    expect(shanghaiDayStart("2026-12-08")).toBe(Date.UTC(2026, 11, 7, 16, 0));
    expect(shanghaiDayStart("2027-01-01")).toBe(Date.UTC(2026, 11, 31, 16, 0));
    expect(shanghaiDayStart("2028-03-01") - shanghaiDayStart("2028-02-29")).toBe(86_400_000);
    for (const day of ["2026-12-07", "2027-01-01", "2028-02-29"]) {
      expect(shanghaiDate(shanghaiDayStart(day))).toBe(day);
      expect(shanghaiDate(shanghaiDayStart(day) - 1)).toBe(addDays(day, -1));
    }
  });

  it("reads a wall time on a Shanghai clock, and back", () => {
    expect(shanghaiInstant("2026-12-07", "23:59")).toBe(Date.UTC(2026, 11, 7, 15, 59));
    expect(shanghaiInstant("2026-12-08", "00:01")).toBe(Date.UTC(2026, 11, 7, 16, 1));
    expect(shanghaiInstant("2028-02-29", "18:00")).toBe(Date.UTC(2028, 1, 29, 10, 0));
    expect(shanghaiParts(Date.UTC(2026, 11, 31, 16, 5))).toEqual({ date: "2027-01-01", time: "00:05" });
    expect(shanghaiParts(shanghaiInstant("2027-06-30", "07:45")!)).toEqual({ date: "2027-06-30", time: "07:45" });
    for (const [date, time] of [
      ["2027-02-29", "10:00"], // not a leap year
      ["2026-12-07", "24:00"],
      ["2026-12-07", "9:00"],
      ["2026-12-07", "12:60"],
      ["07-12-2026", "10:00"],
    ]) {
      expect(shanghaiInstant(date, time)).toBeNull();
    }
  });
});

describe("calendar arithmetic", () => {
  it("adds days across months, years and leap days", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2028-02-29", 1)).toBe("2028-03-01");
    expect(addDays("2027-02-28", 1)).toBe("2027-03-01");
    expect(addDays("2027-01-01", -1)).toBe("2026-12-31");
  });

  it("counts whole days between dates", () => {
    expect(daysBetween("2026-12-31", "2027-01-01")).toBe(1);
    expect(daysBetween("2028-02-28", "2028-03-01")).toBe(2);
    expect(daysBetween("2027-02-28", "2027-03-01")).toBe(1);
    expect(daysBetween("2026-12-08", "2026-12-07")).toBe(-1);
    expect(daysBetween("2026-01-01", "2027-01-01")).toBe(365);
    expect(daysBetween("2028-01-01", "2029-01-01")).toBe(366);
  });

  it("knows a real date from a look-alike", () => {
    expect(isValidDate("2028-02-29")).toBe(true);
    expect(isValidDate("2027-02-29")).toBe(false);
    expect(isValidDate("2026-13-01")).toBe(false);
    expect(isValidDate("2026-12-7")).toBe(false);
  });
});

describe("weekdays and ISO weeks", () => {
  it("numbers weekdays 1 = Monday … 7 = Sunday", () => {
    const week = ["2026-12-07", "2026-12-08", "2026-12-09", "2026-12-10", "2026-12-11", "2026-12-12", "2026-12-13"];
    expect(week.map(isoWeekday)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(isoWeekday("2026-12-31")).toBe(4); // Thursday
    expect(isoWeekday("2027-01-01")).toBe(5); // Friday
    expect(isoWeekday("2028-02-29")).toBe(2); // Tuesday
  });

  it("2026 has 53 ISO weeks: 2026-12-31 and 2027-01-01 are in 2026-W53, 2027-01-04 starts 2027-W01", () => {
    expect(isoWeek("2026-12-28")).toBe("2026-W53");
    expect(isoWeek("2026-12-31")).toBe("2026-W53");
    expect(isoWeek("2027-01-01")).toBe("2026-W53");
    expect(isoWeek("2027-01-03")).toBe("2026-W53");
    expect(isoWeek("2027-01-04")).toBe("2027-W01");
    expect(isoWeekMonday("2027-01-01")).toBe("2026-12-28");
    expect(isoWeekMonday("2027-01-04")).toBe("2027-01-04");
  });

  it("places the first and last days of other years, and the leap day", () => {
    expect(isoWeek("2026-01-01")).toBe("2026-W01"); // a Thursday: week 1 is the one with it
    expect(isoWeek("2025-12-29")).toBe("2026-W01");
    expect(isoWeek("2027-12-31")).toBe("2027-W52");
    expect(isoWeek("2028-01-01")).toBe("2027-W52"); // a Saturday
    expect(isoWeek("2028-02-29")).toBe("2028-W09");
    expect(isoWeekMonday("2028-02-29")).toBe("2028-02-28");
    expect(isoWeekMonday("2028-03-05")).toBe("2028-02-28"); // its Sunday
  });
});

describe("fixedClock", () => {
  it("stands still until set or advanced", () => {
    const clock = fixedClock(Date.UTC(2026, 11, 7, 15, 59));
    expect(clock.now()).toBe(clock.now());
    clock.advance(2 * 60_000);
    expect(shanghaiParts(clock.now())).toEqual({ date: "2026-12-08", time: "00:01" });
    clock.set(Date.UTC(2028, 1, 28, 16, 0));
    expect(shanghaiDate(clock.now())).toBe("2028-02-29");
  });
});
