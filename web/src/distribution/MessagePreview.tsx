import { useState } from "react";
import { useI18n } from "../i18n/I18nProvider.js";
import type { OutboxItem } from "./types.js";

type View = "html" | "text" | "headers";

/**
 * One kept email as the customer would get it. The HTML is rendered in an iframe sandboxed with no
 * permissions at all: no scripts, no forms, no navigation of this page, its own opaque origin, so
 * whatever the message holds cannot reach the dashboard. Text and headers are shown as text.
 */
export function MessagePreview({ item }: { item: OutboxItem }) {
  const { t, fmt } = useI18n();
  const [view, setView] = useState<View>("html");
  return (
    <article className="dist-message" data-testid="outbox-preview">
      <header className="dist-message-head">
        <h3>{item.subject}</h3>
        <dl>
          <dt>{t("dist.outbox.to")}</dt>
          <dd>{item.to}</dd>
          <dt>{t("dist.outbox.kept")}</dt>
          <dd>{fmt.dateTime(item.createdAt)}</dd>
        </dl>
        <fieldset className="segmented segmented-small" aria-label={t("dist.outbox.view")}>
          {(["html", "text", "headers"] as const).map((v) => (
            <button
              key={v}
              type="button"
              className={view === v ? "active" : ""}
              aria-pressed={view === v}
              onClick={() => setView(v)}
              data-testid={`outbox-view-${v}`}
            >
              {t(`dist.outbox.${v}`)}
            </button>
          ))}
        </fieldset>
      </header>
      {view === "html" ? (
        <iframe
          className="dist-message-frame"
          title={t("dist.outbox.html")}
          sandbox=""
          srcDoc={item.html}
          referrerPolicy="no-referrer"
          data-testid="outbox-frame"
        />
      ) : view === "text" ? (
        <pre className="dist-message-text">{item.text}</pre>
      ) : (
        <pre className="dist-message-text">
          {Object.entries(item.headers)
            .map(([k, v]) => `${k}: ${v}`)
            .join("\n")}
        </pre>
      )}
    </article>
  );
}
