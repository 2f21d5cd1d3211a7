// The sell route's server side, through one module (issue 12's light sell page, decision 044).
// The browser build replaces every `.server` module a route imports with an empty stub, and a
// stub shared by several routes becomes a chunk of its own (≈ 110 B gzip each, eight of them on
// the sell page's first load): importing them all from here leaves one stub. `@remix-run/node`
// is stubbed the same way, so the route's `redirect` comes from here too.
export { redirect } from "@remix-run/node";
export { requireOrgContext } from "~/auth/guard.server";
export { listCustomerOptions } from "~/domain/credit/customers.server";
export { cartSale } from "~/domain/sales/cart-id.server";
export { saleReceipt } from "~/domain/sales/get-sale.server";
export { recordSale, recordSaleFormSchema } from "~/domain/sales/record-sale.server";
export { sellScreen } from "~/domain/sales/sell-screen.server";
export { attempt } from "~/http/errors.server";
export { parseForm } from "~/http/forms.server";
export { isOfflineShell, offlineWarnHours } from "~/offline/shell.server";
