import type { jobs as zh } from "../zh-CN/jobs";

export const jobs = {
  "jobs.title": "Background jobs",
  "jobs.nav": "Jobs",
  "jobs.intro":
    "Work the system does for this organisation in the background (closing group buys at their deadline, reconciling payments…). A failed job is retried automatically; after repeated failures it stops, and can be run again here.",
  "jobs.filter": "Filter by status",
  "jobs.all": "All",
  "jobs.empty": "No jobs",
  "jobs.status.queued": "Waiting",
  "jobs.status.running": "Running",
  "jobs.status.done": "Done",
  "jobs.status.dead": "Stopped",
  "jobs.attempts": "attempt {n} of {max}",
  "jobs.nextRun": "next run {at}",
  "jobs.runningSince": "locked until {at}",
  "jobs.finished": "finished {at}",
  "jobs.created": "created {at}",
  "jobs.lastError": "Last error",
  "jobs.retry": "Run again",
  "jobs.retried": "The job is queued again and will run shortly",
  "jobs.kind.campaign.close": "Close group buy",
  "jobs.kind.payment.refund": "Refund",
  "jobs.kind.payment.expire": "Close unpaid checkout",
  "jobs.kind.payment.legacy": "Settle old-style payments",
  "jobs.kind.payment.reconcile": "Reconcile payment",
  "jobs.error.alreadyDone": "This job has already finished and cannot be retried",
} satisfies Record<keyof typeof zh, string>;
