import type { ReactNode } from "react";

/** Marks the search text inside user text; everything stays a text node, so React escapes it. */
export function Highlight({ text, q }: { text: string; q: string | undefined }) {
  if (!q) return <>{text}</>;
  const lower = text.toLocaleLowerCase();
  const needle = q.toLocaleLowerCase();
  const out: ReactNode[] = [];
  let at = 0;
  let k = 0;
  for (let i = lower.indexOf(needle); i !== -1; i = lower.indexOf(needle, at)) {
    if (i > at) out.push(text.slice(at, i));
    out.push(<mark key={k++}>{text.slice(i, i + needle.length)}</mark>);
    at = i + needle.length;
  }
  out.push(text.slice(at));
  return <>{out}</>;
}
