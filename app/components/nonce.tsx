import { createContext, useContext } from "react";

/**
 * The Content-Security-Policy nonce of the response being rendered (server.ts makes one per
 * request). Only the server knows it: browsers hide a nonce from scripts, so in the browser it is
 * "" and React leaves the rendered attributes as they are.
 */
const NonceContext = createContext("");

export const NonceProvider = NonceContext.Provider;

export function useNonce(): string {
  return useContext(NonceContext);
}
