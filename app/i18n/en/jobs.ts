import type { jobs as zh } from "../zh-CN/jobs";

export const jobs = {
  "jobs.title": "Background jobs",
  "jobs.error.alreadyDone": "This job has already finished and cannot be retried",
} satisfies Record<keyof typeof zh, string>;
