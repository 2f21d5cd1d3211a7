import type { Session } from "./types";

const METHOD_NAMES: Record<string, string> = { card: "银行卡", alipay: "支付宝", wechat_pay: "微信支付" };

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The hosted test page standing in for Stripe Checkout: for each method the payer pays,
 * declines (the page stays open, as Checkout does), or pays late (an asynchronous payment the
 * test settles later); or abandons (back to cancel_url; the session stays open until it expires).
 */
export function checkoutPage(session: Session, note: string | null): string {
  const yuan = ((session.amount_total ?? 0) / 100).toFixed(2);
  const closed = session.status !== "open";
  const methods = session.payment_method_types
    .map(
      (m) => `<fieldset data-method="${m}"><legend>${esc(METHOD_NAMES[m] ?? m)}</legend>
<button class="ok" name="action" value="pay:${m}">用${esc(METHOD_NAMES[m] ?? m)}付款</button>
<button class="no" name="action" value="decline:${m}">${esc(METHOD_NAMES[m] ?? m)}被拒绝</button>
<button class="late" name="action" value="late:${m}">${esc(METHOD_NAMES[m] ?? m)}稍后到账</button></fieldset>`,
    )
    .join("");
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>测试收银台</title><link rel="icon" href="data:,">
<style>body{font-family:system-ui,sans-serif;margin:0;padding:16px;background:#f5f5f4}main{max-width:420px;margin:0 auto;background:#fff;border-radius:12px;padding:16px}
h1{font-size:20px}.amount{font-size:32px;font-weight:700}fieldset{border:1px solid #ddd;border-radius:8px;margin:8px 0}button{display:block;width:100%;min-height:48px;margin-top:8px;font-size:17px;border-radius:8px;border:0}
.ok{background:#15803d;color:#fff}.no{background:#e7e5e4}.late{background:#fef3c7}.abandon{background:#fff;border:1px solid #999}.note{color:#b91c1c}</style></head><body><main>
<h1>测试收银台（本地）</h1><p class="amount" data-testid="checkout-amount">¥${yuan}</p><p data-testid="checkout-status">状态：${esc(String(session.status))}</p>
${note ? `<p class="note" role="alert" data-testid="checkout-note">${esc(note)}</p>` : ""}
${closed ? "" : `<form method="post">${methods}<button class="abandon" name="action" value="abandon">返回商户（不付款）</button></form>`}
</main></body></html>`;
}
