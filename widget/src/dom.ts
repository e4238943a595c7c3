/**
 * A tiny element builder. Text children become Text nodes (never parsed as HTML), so survey wording and
 * answers can be passed straight in.
 */
export type Child = Node | string | number | null | undefined | false;
type Attr = string | number | boolean | null | undefined | ((e: Event) => void);

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, Attr> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (typeof value === "function") el.addEventListener(name.slice(2), value);
    else if (value !== null && value !== undefined && value !== false) {
      el.setAttribute(name, value === true ? "" : String(value));
    }
  }
  for (const child of children) {
    if (child !== null && child !== undefined && child !== false)
      el.append(typeof child === "number" ? String(child) : child);
  }
  return el;
}

let seq = 0;
/** A document-unique id for label/description wiring. */
export const uid = (prefix: string) => `ok-${prefix}-${++seq}`;

/** Only http(s) URLs are used for links and images from the survey definition. */
export const safeUrl = (url: string | undefined): string | undefined => {
  if (!url) return undefined;
  try {
    const u = new URL(url, location.href);
    return u.protocol === "https:" || u.protocol === "http:" ? u.href : undefined;
  } catch {
    return undefined;
  }
};
