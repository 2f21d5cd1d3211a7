import type { MessageKey } from "~/i18n/messages";
import { useT } from "~/i18n/use-t";

/** Under a pay button: where the payer goes, and on a phone what WeChat Pay will ask of them. */
export function PayHint({ methods, phone }: { methods: string[]; phone: boolean }) {
  const { t } = useT();
  return (
    <span className="flex flex-col gap-1 text-xs text-stone-600" data-testid="pay-hint">
      <span>{t("payments.checkoutHint")}</span>
      <span>
        {t("payments.methodsOrder", {
          methods: methods.map((m) => t(`payments.method.${m}` as MessageKey)).join(" · "),
        })}
      </span>
      {phone && methods.includes("wechat_pay") ? (
        <span data-testid="wechat-phone">{t("payments.wechatPhone")}</span>
      ) : null}
    </span>
  );
}
