import type { alliance as zh } from "../zh-CN/alliance";

export const alliance = {
  "alliance.title": "Buying alliance",
} satisfies Record<keyof typeof zh, string>;
