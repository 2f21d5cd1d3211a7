import type { accounts as zh } from "../zh-CN/accounts";

export const accounts = {
  "accounts.report.title": "Report a payment I made",
  "accounts.report.hint":
    "Cash handed to the driver, a bank transfer: report it here. It comes off what you owe once the distributor confirms it.",
  "accounts.report.amount": "Amount (¥)",
  "accounts.report.method": "Paid by",
  "accounts.report.paidOn": "Paid on",
  "accounts.report.reference": "Transfer reference or who took it (optional)",
  "accounts.report.submit": "Send the payment",
  "accounts.report.sent": "Payment sent: waiting for the distributor to confirm it.",
  "accounts.report.paidOnRange": "The payment date must be between today and {days} days ago",
  "accounts.report.tooLarge": "A payment cannot exceed what is owed ({balance:money})",
  "accounts.report.alreadyDecided": "This payment has been dealt with already: reload the page.",
  "accounts.reports.title": "Payments the store reported",
  "accounts.reports.none": "No reported payments.",
  "accounts.reports.status.pending": "Awaiting confirmation",
  "accounts.reports.status.confirmed": "Confirmed",
  "accounts.reports.status.rejected": "Not accepted",
  "accounts.reports.paidOn": "paid {date}",
  "accounts.reports.rejectedBecause": "Reason: {reason}",
  "accounts.reports.confirm": "Confirm received",
  "accounts.reports.reject": "Not received: send back",
  "accounts.reports.rejectReason": "Why it is sent back",
  "accounts.reports.confirmed": "Confirmed and booked on the account.",
  "accounts.reports.rejected": "Sent back: the store will see the reason.",
  "accounts.reports.pendingCount": "{n} awaiting confirmation",
  "accounts.order.orderedTotal": "Ordered",
  "accounts.order.shippedTotal": "Total (as shipped)",
  "analysis.runouts.differs":
    "Restock suggestions forecast from the last 8 weeks, cover until the delivery after next and list only what the distributor carries, so their counts can differ from these.",
  "suggestions.differs":
    "The dashboard's \"will sell out before the next delivery\" uses the last 28 days' average and only looks to the next delivery, so its count can differ from this list.",
  "accounts.creditLimit.settle": "Report a payment under Account",
  // The store home's link to its data-sharing page (county.* keys are the bureau's own area).
} satisfies Record<keyof typeof zh, string>;
