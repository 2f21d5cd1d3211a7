import { provideMessages } from "../messages";
import { trace } from "../zh-CN/trace";

/** The public trace page a label's QR code opens, without an account (decision 040). */
provideMessages("zh-CN", { ...trace });
