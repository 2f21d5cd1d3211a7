/**
 * Whether the request comes from a phone's browser (from its User-Agent): the payment pages
 * put Alipay first there, since WeChat Pay in a phone browser is a QR code to scan elsewhere.
 */
export function isPhone(request: Request): boolean {
  return /Mobi|Android|iPhone|iPad|HarmonyOS/i.test(request.headers.get("user-agent") ?? "");
}
