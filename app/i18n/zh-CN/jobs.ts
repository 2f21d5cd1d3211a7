export const jobs = {
  "jobs.title": "后台任务",
  "jobs.error.alreadyDone": "这个任务已经完成，不能再重试",
};
