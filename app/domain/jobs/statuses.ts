// Browser-safe: the job statuses for the operator page, without drizzle.
export { JOB_STATUSES, type JobStatus } from "@db/schema/alliance-enums";
