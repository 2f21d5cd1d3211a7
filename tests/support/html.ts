/** Small readers for server-rendered pages, so HTTP tests check what a person would see. */

function unescape(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** The HTML without its scripts (Remix repeats loader and action data there as JSON). */
export function visibleHtml(html: string): string {
  return html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, "");
}

/** Whether `text` is rendered as the whole content of some element (not only in hydration data). */
export function shows(html: string, text: string): boolean {
  const escaped = text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/'/g, "&#x27;")
    .replace(/"/g, "&quot;");
  return visibleHtml(html).includes(`>${escaped}<`);
}

/** The rendered value of the input named `name`, or null when there is no such input or no value. */
export function inputValue(html: string, name: string): string | null {
  const tag = visibleHtml(html).match(
    new RegExp(`<input\\b[^>]*\\bname="${name.replace(/[.$]/g, "\\$&")}"[^>]*>`),
  )?.[0];
  if (!tag) return null;
  const value = tag.match(/\bvalue="([^"]*)"/)?.[1];
  return value === undefined ? null : unescape(value);
}

/** The <html lang> of a page. */
export function pageLang(html: string): string | null {
  return html.match(/<html\b[^>]*\blang="([^"]+)"/)?.[1] ?? null;
}

/** The value of a hidden input, e.g. the requestId a form was rendered with. */
export function hiddenValue(html: string, name: string): string {
  const value = inputValue(html, name);
  if (value === null) throw new Error(`no input named ${name} in the page`);
  return value;
}
