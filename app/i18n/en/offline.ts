import type { offline as zh } from "../zh-CN/offline";

export const offline = {
  "sale.productGone": "“{name}” is no longer sold or was deleted",
  "sync.notMember": "You are not a member of this store, or may not sell there",
  "sync.madeAtFuture": "The sale's time is in the future: check the phone's clock",
  "sync.madeAtTooOld": "This sale was offline too long (over {days} days): ask the owner to check and enter it by hand",
  "sync.badBody": "The sync data is malformed",
  "sync.sessionGone": "Your session has expired: log in again. The sales waiting to sync are kept on the phone",
  "sync.foreignOrigin": "Request from another site refused",
  "sync.failed": "This sale could not be recorded",
  "saleDetail.voidConfirmAsk": "Void this sale?",
  "saleDetail.voidConfirm": "Yes, void it",
  "saleDetail.voidKeep": "Keep it",
  "sell.unknownCode": "No product has the barcode {code}",
  "sell.addProduct": "Add this product",
} satisfies Record<keyof typeof zh, string>;
