import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { en } from "./en.js";
import { type Formatters, formatters, type Lang } from "./format.js";
import { ru } from "./ru.js";

export type { Lang } from "./format.js";

/** A message, or its plural forms (chosen by `count` with the language's plural rules). */
export type Message = string | { one: string; few?: string; many?: string; other: string };
export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, Message>;
export type Vars = Record<string, string | number>;

const CATALOGS: Record<Lang, Messages> = { en, ru };
const STORAGE_KEY = "otklik.lang";

export interface I18n {
  lang: Lang;
  /** Switches the language and remembers the choice in this browser. */
  setLang(lang: Lang): void;
  /** The workspace's language, used while this browser has no choice of its own. */
  setDefaultLang(lang: string): void;
  t(key: MessageKey, vars?: Vars): string;
  fmt: Formatters;
  setTimeZone(tz: string): void;
}

const I18nContext = createContext<I18n | null>(null);

function stored(): Lang | null {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v === "ru" || v === "en" ? v : null;
  } catch {
    return null;
  }
}

function browserLang(): Lang {
  const langs = typeof navigator === "undefined" ? [] : (navigator.languages ?? [navigator.language]);
  for (const l of langs) {
    const code = l?.slice(0, 2).toLowerCase();
    if (code === "ru" || code === "en") return code;
  }
  return "en";
}

export function translate(lang: Lang, key: MessageKey, vars?: Vars): string {
  const msg: Message | undefined = CATALOGS[lang][key] ?? en[key];
  if (msg === undefined) return key;
  let text: string;
  if (typeof msg === "string") text = msg;
  else {
    const count = Number(vars?.count ?? 0);
    const rule = new Intl.PluralRules(lang === "ru" ? "ru-RU" : "en-US").select(count);
    text =
      (rule === "one" ? msg.one : rule === "few" ? msg.few : rule === "many" ? msg.many : undefined) ??
      msg.other;
  }
  if (!vars) return text;
  // A plural message's count is a count: grouped as the language writes it (18,366 / 18 366).
  const shown =
    typeof msg !== "string" && typeof vars.count === "number"
      ? { ...vars, count: vars.count.toLocaleString(lang === "ru" ? "ru-RU" : "en-US") }
      : vars;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in shown ? String(shown[name]) : m));
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => stored() ?? browserLang());
  const [timeZone, setTimeZone] = useState<string>(() => Intl.DateTimeFormat().resolvedOptions().timeZone);

  const setLang = useCallback((l: Lang) => {
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
    setLangState(l);
  }, []);
  const setDefaultLang = useCallback((l: string) => {
    if (!stored() && (l === "ru" || l === "en")) setLangState(l);
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang,
      setDefaultLang,
      t: (key, vars) => translate(lang, key, vars),
      fmt: formatters(lang, timeZone),
      setTimeZone,
    }),
    [lang, timeZone, setLang, setDefaultLang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error("useI18n outside I18nProvider");
  return ctx;
}
