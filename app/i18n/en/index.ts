import type { zhCN } from "../zh-CN";
import { auth } from "./auth";
import { common } from "./common";
import { distribution } from "./distribution";
import { fulfilment } from "./fulfilment";
import { inventory } from "./inventory";
import { restock } from "./restock";
import { sales } from "./sales";

// Each area file is typed against its Chinese twin, and this against the whole: a key missing
// in English fails the type check.
export const en: Record<keyof typeof zhCN, string> = {
  ...common,
  ...auth,
  ...inventory,
  ...sales,
  ...distribution,
  ...restock,
  ...fulfilment,
};
