import type { county as zh } from "../zh-CN/county";

export const county = {
  "org.kind.bureau": "County commerce bureau",
  "role.director": "Director",
  "role.analyst": "Analyst",
} satisfies Record<keyof typeof zh, string>;
