import { isApiError } from "../api/client.js";

/** The server's complaint about `field` (or a part of it), if the error names it. */
export function fieldError(error: unknown, field: string): string | null {
  if (!isApiError(error) || !error.field) return null;
  return error.field === field || error.field.startsWith(`${field}.`) ? error.detail : null;
}

/** True when the error names none of the fields the form shows (so it is shown above the form). */
export function unplaced(error: unknown, fields: string[]): boolean {
  return Boolean(error) && !fields.some((f) => fieldError(error, f));
}
