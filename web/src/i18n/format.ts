import type { Granularity } from "../lib/dates.js";

export type Lang = "ru" | "en";

const locale = (lang: Lang) => (lang === "ru" ? "ru-RU" : "en-US");

/** Number, date and period formatting in the UI language. */
export function formatters(lang: Lang, timeZone: string) {
  const loc = locale(lang);
  const numberCache = new Map<string, Intl.NumberFormat>();
  const nf = (digits: number, signed = false) => {
    const key = `${digits}/${signed}`;
    let f = numberCache.get(key);
    if (!f) {
      f = new Intl.NumberFormat(loc, {
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
        signDisplay: signed ? "exceptZero" : "auto",
      });
      numberCache.set(key, f);
    }
    return f;
  };
  const safeTz = (() => {
    try {
      new Intl.DateTimeFormat(loc, { timeZone }).format(0);
      return timeZone;
    } catch {
      return undefined;
    }
  })();
  const dayUtc = (day: string) => new Date(`${day}T12:00:00Z`);
  return {
    number: (v: number, digits = 0) => nf(digits).format(v),
    signed: (v: number, digits = 0) => nf(digits, true).format(v),
    int: (v: number) => nf(0).format(v),
    percent: (share: number, digits = 0) => `${nf(digits).format(share * 100)}%`,
    /** A local day (YYYY-MM-DD) such as "9 Mar 2026". */
    day: (day: string) =>
      new Intl.DateTimeFormat(loc, {
        day: "numeric",
        month: "short",
        year: "numeric",
        timeZone: "UTC",
      }).format(dayUtc(day)),
    /** An instant in the workspace's time zone. */
    dateTime: (isoString: string) =>
      new Intl.DateTimeFormat(loc, {
        day: "numeric",
        month: "short",
        year: "numeric",
        hour: "2-digit",
        minute: "2-digit",
        timeZone: safeTz,
      }).format(new Date(isoString)),
    date: (isoString: string) =>
      new Intl.DateTimeFormat(loc, {
        day: "numeric",
        month: "short",
        year: "numeric",
        timeZone: safeTz,
      }).format(new Date(isoString)),
    /** A trend period's label from its first day. */
    period: (day: string, unit: Granularity, short = false) => {
      const d = dayUtc(day);
      if (unit === "month")
        return new Intl.DateTimeFormat(loc, {
          month: short ? "short" : "long",
          year: short ? "2-digit" : "numeric",
          timeZone: "UTC",
        }).format(d);
      if (unit === "quarter") {
        const q = Math.floor(d.getUTCMonth() / 3) + 1;
        return lang === "ru" ? `${q} кв. ${d.getUTCFullYear()}` : `Q${q} ${d.getUTCFullYear()}`;
      }
      return new Intl.DateTimeFormat(loc, { day: "numeric", month: "short", timeZone: "UTC" }).format(d);
    },
  };
}

export type Formatters = ReturnType<typeof formatters>;
