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
