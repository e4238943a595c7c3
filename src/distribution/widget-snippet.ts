/** The snippet a site pastes once, before `</body>`: a stub queue, then the async embed script. */
export function widgetSnippet(publicUrl: string, widgetKey: string): string {
  const base = publicUrl.replace(/\/$/, "");
  return `<script>window.otklik=window.otklik||function(){(otklik.q=otklik.q||[]).push(arguments)};otklik('init',{key:${JSON.stringify(widgetKey)}});</script>
<script async src="${base}/static/embed.js"></script>`;
}
