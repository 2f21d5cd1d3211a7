import { expect, it } from "vitest";
import { formatDateTime } from "~/i18n/messages";

// Server and browser must write a time alike, or the page's hydration fails (React #418) and
// React draws it again on the phone. Node wrote the first hour after midnight as "24:24" in
// English with `hour12: false`, where Chromium writes "00:24" (found walking the demo in English:
// the alliance's member list).
it("writes the hour after midnight as 00 in both languages", () => {
  const past = Date.UTC(2026, 9, 19, 16, 24); // 2026-10-20 00:24 in Shanghai
  expect(formatDateTime("en", past)).toBe("10/20/2026, 00:24");
  expect(formatDateTime("zh-CN", past)).toBe("2026/10/20 00:24");
  expect(formatDateTime("en", Date.UTC(2026, 9, 20, 4, 5))).toBe("10/20/2026, 12:05");
});
