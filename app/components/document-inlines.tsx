import { createContext, useContext } from "react";

/**
 * The stylesheet and the after-paint script the server writes into the document (decision 048,
 * app/http/first-paint.server.ts `documentInlines`). The server provides them; the browser reads
 * them back from the elements the server wrote, so its render of the document matches the
 * server's (a hydration error makes React render the document afresh: it must write the same
 * stylesheet, not an empty one) and their text is not shipped again in the JavaScript.
 */
export type DocumentInlines = { styles: string; afterPaint: string };

const STYLES_ID = "app-styles";
const AFTER_PAINT_ID = "app-after-paint";

const textOf = (id: string) =>
  typeof document === "undefined" ? "" : (document.getElementById(id)?.textContent ?? "");

const DocumentInlinesContext = createContext<DocumentInlines>({
  styles: textOf(STYLES_ID),
  afterPaint: textOf(AFTER_PAINT_ID),
});

export const DocumentInlinesProvider = DocumentInlinesContext.Provider;

/** The whole stylesheet, in the head: the first paint waits for no request. */
export function InlineStyles() {
  return <style id={STYLES_ID} dangerouslySetInnerHTML={{ __html: useContext(DocumentInlinesContext).styles }} />;
}

/** After the app's module tags: switches them on once the page has been painted. */
export function AfterPaintScript({ nonce }: { nonce: string }) {
  const { afterPaint } = useContext(DocumentInlinesContext);
  // The browser hides a script's nonce from the DOM after parsing: React would see a mismatch.
  return (
    <script
      id={AFTER_PAINT_ID}
      nonce={nonce}
      suppressHydrationWarning
      dangerouslySetInnerHTML={{ __html: afterPaint }}
    />
  );
}
