/**
 * The document of the widget's live preview: a mock host page that loads the real widget script from
 * this server. The preview must not survey anyone or record answers, so the page answers the widget's
 * own API calls itself (fetch is wrapped before the script loads): the config is one trigger that fires
 * at once, "show" says yes with the chosen survey, and saves are dropped. Everything on screen is the
 * widget's real rendering. The document runs in an iframe sandboxed without same-origin access.
 */
import type { SurveyDefinition } from "../api/types.js";

export interface PreviewOptions {
  origin: string;
  survey: { id: string; name: string; definition: SurveyDefinition };
  language: "ru" | "en";
  mode: "popup" | "inline";
  labels: { heading: string; body: string };
}

/** JSON safe inside a <script> element: no `</script>`, no line separators that end a JS string. */
const scriptJson = (v: unknown) =>
  JSON.stringify(v)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

export function previewDocument(o: PreviewOptions): string {
  const display = o.mode === "inline" ? { mode: "inline", selector: "#feedback" } : { mode: "popup" };
  const data = scriptJson({ survey: o.survey, language: o.language, display });
  return `<!doctype html>
<html lang="${o.language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<style>
body{margin:0;font:15px/1.5 system-ui,sans-serif;color:#1f2937;background:#f3f4f6}
.bar{height:48px;background:#1f2937}
.main{max-width:560px;margin:24px auto;padding:0 20px}
.line{height:12px;border-radius:6px;background:#d1d5db;margin:10px 0}
.line.short{width:60%}
#feedback{margin-top:20px}
</style></head>
<body>
<div class="bar"></div>
<div class="main">
<h1 style="font-size:20px">${escapeHtml(o.labels.heading)}</h1>
<p style="color:#6b7280">${escapeHtml(o.labels.body)}</p>
<div class="line"></div><div class="line short"></div><div class="line"></div>
<div id="feedback"></div>
</div>
<script>
(function () {
  var data = ${data};
  var realFetch = window.fetch.bind(window);
  function answer(body) {
    return Promise.resolve(new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } }));
  }
  window.fetch = function (input, init) {
    var url = String(input && input.url ? input.url : input);
    if (url.indexOf("/api/public/widget/") === -1) return realFetch(input, init);
    if (/\\/config$/.test(url))
      return answer({ triggers: [{ id: "preview", event: null, urlMatch: null, secondsOnPage: 0, exitIntent: false, display: data.display }] });
    if (/\\/show$/.test(url))
      return answer({ show: true, token: "preview", language: data.language, survey: data.survey, display: data.display });
    return answer({ ok: true });
  };
  window.otklik = window.otklik || function () { (window.otklik.q = window.otklik.q || []).push(arguments); };
  window.otklik("init", { key: "wk_preview0000", language: data.language });
  addEventListener("otklik", function (e) { document.body.setAttribute("data-otklik", e.detail.type); });
})();
</script>
<script async src="${escapeHtml(o.origin)}/static/embed.js"></script>
</body></html>`;
}
