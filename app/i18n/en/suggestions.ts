import type { suggestions as zh } from "../zh-CN/suggestions";

export const suggestions = {
  "suggestions.title": "Restock suggestions",
} satisfies Record<keyof typeof zh, string>;
