import { provideMessages } from "../messages";
import { scan } from "../zh-CN/scan";

/**
 * The camera scan and the stock count list (decision 034): imported by the camera button itself,
 * so its words come with it wherever it is, and the sell screen, which loads the button after
 * hydration, does not carry them in its first load.
 */
provideMessages("zh-CN", { ...scan });
