export const jobs = {
  "jobs.title": "后台任务",
};
