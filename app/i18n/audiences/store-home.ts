import { provideMessages } from "../messages";
import { home } from "../zh-CN/home";

/**
 * The store home: its own few words from other areas (zh-CN/home.ts), not those areas whole.
 * The camera button brings its own (audiences/scan.ts).
 */
provideMessages("zh-CN", { ...home });
