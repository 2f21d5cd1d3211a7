import { createContext, useContext } from "react";

/**
 * The stylesheet's text, written into the document's head by the server (decision 048): the first
 * paint waits for no request. Only the server has it; in the browser this is "" and React leaves
 * the rendered <style> as it is.
 */
const InlineStylesContext = createContext("");

export const InlineStylesProvider = InlineStylesContext.Provider;

export function useInlineStyles(): string {
  return useContext(InlineStylesContext);
}
