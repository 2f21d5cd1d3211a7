// Log-out is refused while sales wait on this phone; otherwise the caches go first (decision 032).
import { clearCaches, waitingSales } from "./engine.client";

const MESSAGE = {
  "zh-CN": (n: number) => `还有 ${n} 笔销售没同步，请先联网同步再退出登录`,
  en: (n: number) => `${n} sales have not synced yet: connect and sync before logging out`,
};

export async function guardLogout(form: HTMLFormElement): Promise<void> {
  const waiting = await waitingSales().catch(() => 0);
  if (waiting > 0) {
    const say = document.documentElement.lang === "en" ? MESSAGE.en : MESSAGE["zh-CN"];
    window.alert(say(waiting));
    return;
  }
  await clearCaches().catch(() => undefined);
  form.dataset.offlineChecked = "1";
  form.requestSubmit();
}
