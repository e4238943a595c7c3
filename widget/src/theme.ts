/**
 * Styles of the survey page, injected as one <style> element. Colors come from the survey's
 * `design.primaryColor`, adjusted so text and focus rings keep WCAG contrast on white.
 */

type Rgb = [number, number, number];

const parse = (hex: string): Rgb => {
  const n = Number.parseInt(/^#[0-9a-f]{6}$/i.test(hex) ? hex.slice(1) : "4f46e5", 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
};
const toHex = (c: Rgb) => `#${c.map((x) => Math.round(x).toString(16).padStart(2, "0")).join("")}`;
const luminance = (c: Rgb) => {
  const [r = 0, g = 0, b = 0] = c.map((x) => {
    const s = x / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (a: Rgb, b: Rgb) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};

const WHITE: Rgb = [255, 255, 255];
const INK: Rgb = [17, 24, 39];

/** CSS custom properties for a brand color: fill, text on the fill, and an accent readable on white. */
export function palette(primary: string) {
  const fill = parse(primary);
  let accent = fill;
  while (contrast(accent, WHITE) < 4.5) accent = accent.map((x) => x * 0.9) as Rgb;
  const on = contrast(fill, WHITE) >= contrast(fill, INK) ? WHITE : INK;
  return `--ok-fill:${toHex(fill)};--ok-on:${toHex(on)};--ok-accent:${toHex(accent)}`;
}

export const CSS = `
body{margin:0;background:#f3f4f6;color:#111827;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;-webkit-text-size-adjust:100%}
.ok{box-sizing:border-box;max-width:640px;min-height:100vh;margin:0 auto;padding:20px 16px 32px;background:#fff}
.ok *,.ok *::before,.ok *::after{box-sizing:inherit}
@media(min-width:600px){.ok{min-height:0;margin:48px auto;padding:32px 40px 36px;border-radius:16px;box-shadow:0 1px 3px #0000001a,0 8px 24px #0000000f}}
.ok-logo{display:block;max-height:40px;max-width:60%;margin:0 0 20px}
.ok-bar{height:6px;border-radius:3px;background:#e5e7eb;overflow:hidden}
.ok-bar>div{height:100%;background:var(--ok-accent);transition:width .3s}
.ok-step{margin:8px 0 20px;font-size:.875rem;color:#4b5563}
.ok h1{margin:0 0 8px;font-size:1.3rem;line-height:1.35;font-weight:650}
@media(min-width:600px){.ok h1{font-size:1.5rem}}
.ok h1:focus{outline:none}
.ok-desc{margin:0 0 12px;color:#4b5563}
.ok-body{margin-top:20px}
.ok-grid{display:grid;grid-template-columns:repeat(var(--c),minmax(0,1fr));gap:8px}
@media(min-width:560px){.ok-grid{grid-template-columns:repeat(var(--w),minmax(0,1fr))}}
.ok-b{appearance:none;margin:0;min-height:48px;padding:6px 8px;border:1.5px solid #858a94;border-radius:10px;background:#fff;color:#111827;font:inherit;font-weight:600;font-size:1.05rem;cursor:pointer;touch-action:manipulation;transition:background-color .15s,border-color .15s}
.ok-b:hover{border-color:var(--ok-accent);background:color-mix(in srgb,var(--ok-accent) 7%,#fff)}
.ok-b[aria-checked=true]{background:var(--ok-fill);border-color:var(--ok-accent);color:var(--ok-on)}
.ok :focus-visible{outline:3px solid var(--ok-accent);outline-offset:2px}
.ok-ends{display:flex;justify-content:space-between;gap:16px;margin-top:8px;font-size:.875rem;color:#4b5563}
.ok-ends span:last-child{text-align:right}
.ok-n{font-weight:600}
@media(min-width:560px){.ok-n{display:none}}
.ok-list{display:flex;flex-direction:column;gap:8px}
.ok-list .ok-b{text-align:left;font-weight:500;font-size:1rem;padding:10px 14px}
.ok-face{display:flex;flex-direction:column;align-items:center;gap:4px;padding:10px 4px;font-weight:500;font-size:.8rem;line-height:1.2}
.ok-face svg{width:2rem;height:2rem}
.ok-stars{display:flex;gap:4px}
.ok-star{appearance:none;border:0;background:none;padding:2px 4px;font-size:2.6rem;line-height:1;color:#8a8f99;cursor:pointer;border-radius:8px}
.ok-star.on{color:var(--ok-accent)}
.ok-item{margin:0 0 22px}
.ok-item p{margin:0 0 8px;font-weight:600}
.ok-opt{display:flex;align-items:center;gap:12px;min-height:48px;padding:10px 14px;border:1.5px solid #858a94;border-radius:10px;cursor:pointer}
.ok-opt:hover{border-color:var(--ok-accent)}
.ok-opt:has(input:checked){border-color:var(--ok-accent);background:color-mix(in srgb,var(--ok-accent) 8%,#fff)}
.ok-opt input{width:20px;height:20px;margin:0;flex:none;accent-color:var(--ok-accent)}
.ok-hint{margin:0 0 10px;font-size:.875rem;color:#4b5563}
.ok textarea{display:block;width:100%;min-height:130px;padding:12px;border:1.5px solid #858a94;border-radius:10px;font:inherit;resize:vertical}
.ok-count{margin:6px 0 0;font-size:.8rem;color:#4b5563;text-align:right}
.ok-nav{display:flex;gap:12px;margin-top:28px}
.ok-btn{display:inline-flex;align-items:center;justify-content:center;min-height:48px;min-width:112px;padding:10px 22px;border:1.5px solid var(--ok-accent);border-radius:10px;background:#fff;color:var(--ok-accent);font:inherit;font-weight:600;text-decoration:none;cursor:pointer}
.ok-btn.p{margin-left:auto;background:var(--ok-fill);color:var(--ok-on)}
.ok-btn[aria-disabled=true]{opacity:.6;cursor:progress}
.ok-alert:empty{display:none}
.ok-err{margin:16px 0 0;padding:10px 14px;border-radius:10px;background:#fef2f2;color:#991b1b;border:1px solid #fca5a5}
.ok-err button{margin-left:8px;padding:0;border:0;background:none;color:inherit;font:inherit;font-weight:600;text-decoration:underline;cursor:pointer}
.ok-done,.ok-msg{text-align:center;padding:24px 0 8px}
.ok-done .ok-btn{margin-top:20px}
.ok-icon{display:inline-flex;align-items:center;justify-content:center;width:56px;height:56px;margin-bottom:16px;border-radius:50%;background:var(--ok-fill);color:var(--ok-on);font-size:1.8rem;font-weight:700}
.ok-msg .ok-icon{background:#e5e7eb;color:#374151}
.ok-msg h1{font-size:1.15rem;font-weight:600}
.ok-done p{margin:0;color:#374151}
@media(prefers-reduced-motion:reduce){.ok *{transition:none!important}}
`;
