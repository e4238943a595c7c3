/**
 * When digests go out and which period they cover, in the workspace's time zone: a weekly digest at
 * `hour` on ISO `weekday` covers the seven local days before that day; a daily one the day before.
 */
import { addDays, localDayOf, startOfLocalDay } from "../analytics/time.js";

export interface DigestSchedule {
  frequency: string;
  weekday: number;
  hour: number;
}

const HOUR = 3_600_000;
const isoWeekday = (day: string) => {
  const d = new Date(`${day}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
};

/** The send day of the latest occurrence on or before `day`. */
function sendDayOnOrBefore(s: DigestSchedule, day: string) {
  if (s.frequency !== "weekly") return day;
  return addDays(day, -((isoWeekday(day) - s.weekday + 7) % 7));
}

const sendAt = (s: DigestSchedule, day: string, tz: string) =>
  new Date(startOfLocalDay(day, tz).getTime() + s.hour * HOUR);

/** The latest occurrence at or before `now` and the period it reports on. */
export function latestOccurrence(s: DigestSchedule, now: Date, tz: string) {
  const step = s.frequency === "weekly" ? 7 : 1;
  let day = sendDayOnOrBefore(s, localDayOf(now, tz));
  if (sendAt(s, day, tz) > now) day = addDays(day, -step);
  return {
    sendAt: sendAt(s, day, tz),
    from: startOfLocalDay(addDays(day, -step), tz),
    to: startOfLocalDay(day, tz),
    next: sendAt(s, addDays(day, step), tz),
  };
}
