import { zhCN } from ".";

// The whole Chinese dictionary, for the server only: in the browser build this module is empty
// (Remix empties *.server modules), so pages carry only their audiences' areas (decision 033).
export const everyArea = zhCN;
