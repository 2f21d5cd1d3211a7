import { en } from "./en";
import { provideDictionary } from "./messages";

// On the server every language is at hand: imported for its effect by the modules that
// translate (the HTTP edge and the root route).
provideDictionary("en", en);
