const RU = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя";
const LATIN = "a|b|v|g|d|e|e|zh|z|i|y|k|l|m|n|o|p|r|s|t|u|f|kh|ts|ch|sh|shch||y||e|yu|ya".split("|");
const CYRILLIC = new Map([...RU].map((c, i) => [c, LATIN[i] ?? ""]));

/** A file-name-safe slug that keeps letters of any script: "Опрос NPS 2024" → "опрос-nps-2024". */
export function slugify(name: string): string {
  return name
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/, "");
}

/** The slug in ASCII, Russian transliterated, for clients that ignore `filename*`. */
export function asciiSlug(slug: string): string {
  return [...slug]
    .map((c) => CYRILLIC.get(c) ?? c)
    .join("")
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/**
 * `Content-Disposition` for a download: an ASCII `filename` every client understands, and the real
 * name in RFC 5987 `filename*` (UTF-8, percent-encoded) when it is not plain ASCII.
 */
export function attachment(stem: string, extension: string): string {
  const slug = slugify(stem) || "export";
  const ascii = `${asciiSlug(slug) || "export"}.${extension}`;
  const full = `${slug}.${extension}`;
  if (full === ascii) return `attachment; filename="${ascii}"`;
  const encoded = encodeURIComponent(full).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
