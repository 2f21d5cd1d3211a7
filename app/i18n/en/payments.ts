import type { payments as zh } from "../zh-CN/payments";

export const payments = {
  "payments.title": "Online payments",
} satisfies Record<keyof typeof zh, string>;
