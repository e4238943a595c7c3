import { isApiError } from "../api/client.js";
import type { I18n } from "../i18n/I18nProvider.js";

/** A sentence for the user about a failed request, in the UI language. */
export function errorText(t: I18n["t"], error: unknown): string {
  if (!isApiError(error)) return t("error.unexpected");
  switch (error.code) {
    case "network":
      return t("error.network");
    case "unauthorized":
      return t("error.unauthorized");
    case "forbidden":
      return error.message.includes("CSRF") ? t("error.csrf") : t("error.forbidden");
    case "not_found":
      return t("error.notFound");
    case "rate_limited":
      return t("error.rateLimited");
    case "internal":
      return t("error.internal");
    default:
      // Validation and conflicts: the server's own words say what is wrong.
      return error.detail;
  }
}

/** The server's complaint about `field` (or a part of it, `field.0`), if the error names it. */
export function fieldError(error: unknown, field: string): string | null {
  if (!isApiError(error) || !error.field) return null;
  return error.field === field || error.field.startsWith(`${field}.`) ? error.detail : null;
}

/** True when the error names none of the fields the form shows (so it is shown above the form). */
export function unplaced(error: unknown, fields: string[]): boolean {
  return Boolean(error) && !fields.some((f) => fieldError(error, f) !== null);
}

/**
 * Splits a failed save into the message under a named field (`emails`, `webhook.secret`) and a
 * general one for the rest; checks made in the browser (`local`) come first.
 */
export function formErrors(t: I18n["t"], error: unknown, local: Record<string, string>, fields: string[]) {
  const owner = fields.find((f) => fieldError(error, f) !== null);
  return {
    field: (name: string): string | null => local[name] ?? (owner === name ? errorText(t, error) : null),
    general: error && !owner ? errorText(t, error) : null,
  };
}
