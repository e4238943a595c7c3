/** The widget's styles, scoped by its shadow root: the host page's CSS cannot reach in, nor this out. */
export const CSS = `
:host{all:initial}
.c{box-sizing:border-box;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#111827;background:#fff;padding:18px 18px 16px;border-radius:14px}
.c *{box-sizing:inherit}
.popup{position:fixed;right:16px;bottom:16px;z-index:2147483647;width:min(380px,calc(100vw - 32px));max-height:calc(100vh - 32px);overflow:auto;box-shadow:0 8px 30px #0003,0 1px 3px #0002}
.inline{border:1px solid #e5e7eb}
h2{margin:0 28px 12px 0;font-size:1.05rem;line-height:1.35;font-weight:650}
p{margin:0 0 8px;color:#374151}
.x{position:absolute;top:8px;right:8px;width:32px;height:32px;border:0;border-radius:8px;background:none;color:#6b7280;font:20px/1 inherit;cursor:pointer}
.inline .x{display:none}
.g{display:grid;grid-template-columns:repeat(var(--n),minmax(0,1fr));gap:4px}
.b{appearance:none;min-height:40px;padding:4px 2px;border:1.5px solid #9ca3af;border-radius:8px;background:#fff;color:#111827;font:inherit;font-weight:600;cursor:pointer}
.b:hover,.b.on{border-color:var(--ok-accent);background:var(--ok-fill);color:var(--ok-on)}
.f{font-size:1.5rem;font-weight:400}
.s{color:var(--ok-accent);font-size:1.6rem;border:0}
.l{display:flex;flex-direction:column;gap:6px}
.l .b{text-align:left;padding:8px 12px;font-weight:500}
.e{display:flex;justify-content:space-between;gap:12px;margin-top:6px;font-size:.78rem;color:#6b7280}
textarea{display:block;width:100%;min-height:84px;padding:8px;border:1.5px solid #9ca3af;border-radius:8px;font:inherit;resize:vertical}
.n{display:flex;justify-content:flex-end;margin-top:12px}
.p{min-height:38px;padding:6px 18px;border:0;border-radius:8px;background:var(--ok-fill);color:var(--ok-on);font:inherit;font-weight:600;cursor:pointer}
.i{margin:0 0 10px}
.i p{font-weight:600;margin-bottom:4px}
:focus-visible{outline:3px solid var(--ok-accent);outline-offset:2px}
`;
