export const payments = {
  "payments.title": "在线支付",
};
