import type { analysis as zh } from "../zh-CN/analysis";

export const analysis = {
  "analysis.title": "Sales analysis",
} satisfies Record<keyof typeof zh, string>;
