import type { jobs as zh } from "../zh-CN/jobs";

export const jobs = {
  "jobs.title": "Background jobs",
} satisfies Record<keyof typeof zh, string>;
