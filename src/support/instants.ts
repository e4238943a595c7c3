/**
 * Instants as help desks export them: ISO 8601 with a zone (`2026-03-01T10:15:00Z`, `…+03:00`), or a local
 * date-time without one (`2026-03-01 10:15`, `2026-03-01T10:15:30.250`), read in the workspace time zone.
 */
import { offsetAt } from "../metrics/business-hours-zone.js";

const INSTANT_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

export const INSTANT_HINT = "expected an ISO 8601 date-time, e.g. 2026-03-01T10:15:00Z or 2026-03-01 10:15";

/** Whether the text has the shape of an instant (the calendar check happens in {@link parseInstant}). */
export const looksLikeInstant = (text: string) => INSTANT_RE.test(text.trim());

/**
 * The instant a text names, or null when it is not a valid date-time. Without a zone the wall time is
 * taken in `timeZone`; a wall time skipped by a DST change resolves to the instant one offset later.
 */
export function parseInstant(text: string, timeZone: string): Date | null {
  const m = INSTANT_RE.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = Math.floor(Number(`0.${m[7] ?? "0"}`) * 1000);
  const wall = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const check = new Date(wall);
  if (
    check.getUTCFullYear() !== y ||
    check.getUTCMonth() !== mo - 1 ||
    check.getUTCDate() !== d ||
    h > 23 ||
    mi > 59 ||
    s > 59 ||
    y < 1970
  )
    return null;
  const zone = m[8];
  if (zone) {
    if (zone.toUpperCase() === "Z") return new Date(wall);
    const sign = zone.startsWith("-") ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    const offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
    return new Date(wall - offset);
  }
  const guess = wall - offsetAt(timeZone, wall);
  return new Date(wall - offsetAt(timeZone, guess));
}
