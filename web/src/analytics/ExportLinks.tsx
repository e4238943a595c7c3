import { type Query, queryString } from "../api/client.js";
import { useI18n } from "../i18n/I18nProvider.js";

const FORMATS = ["csv", "xlsx"] as const;
export type ExportFormat = (typeof FORMATS)[number];

/** The download address of a metric table (the query of GET /api/v1/metrics/:metric). */
export const metricExportUrl = (metric: string, format: ExportFormat, query: Query) =>
  `/api/v1/exports/metrics/${metric}.${format}${queryString(query)}`;

/** The download address of a survey's responses (the filters of GET /api/v1/responses). */
export const responsesExportUrl = (format: ExportFormat, query: Query) =>
  `/api/v1/exports/responses.${format}${queryString(query)}`;

/**
 * CSV and XLSX download links. Plain links, so the browser streams the file to disk (the server streams
 * it too) and the session cookie goes with them.
 */
export function ExportLinks({ href, testId }: { href: (format: ExportFormat) => string; testId: string }) {
  const { t } = useI18n();
  return (
    <span className="export-links" data-testid={testId}>
      <span className="muted small">{t("export.label")}</span>
      {FORMATS.map((f) => (
        <a
          key={f}
          className="btn btn-small"
          href={href(f)}
          download
          title={t("export.title", { format: f.toUpperCase() })}
          data-testid={`${testId}-${f}`}
        >
          <svg viewBox="0 0 16 16" width="13" height="13" aria-hidden="true">
            <path
              d="M8 2v8m0 0L5 7m3 3l3-3M3 12.5h10"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.6"
              strokeLinecap="round"
              strokeLinejoin="round"
            />
          </svg>
          {f.toUpperCase()}
        </a>
      ))}
    </span>
  );
}
