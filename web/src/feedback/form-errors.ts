import { isApiError } from "../api/client.js";
import type { I18n } from "../i18n/I18nProvider.js";
import { errorText } from "../ui/errors.js";

/**
 * Splits a failed save into the message under a named field (`emails`, `webhook.secret`) and a
 * general one for the rest; checks made in the browser (`local`) come first.
 */
export function formErrors(t: I18n["t"], error: unknown, local: Record<string, string>, fields: string[]) {
  const server = isApiError(error) ? error : null;
  const owner = server?.field
    ? fields.find((f) => server.field === f || server.field?.startsWith(`${f}.`))
    : undefined;
  return {
    field: (name: string): string | null =>
      local[name] ?? (server && owner === name ? errorText(t, server) : null),
    general: error && !owner ? errorText(t, error) : null,
  };
}
