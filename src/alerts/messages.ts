/**
 * What an alert says, in Russian and English: an email subject and body (plain text; HTML is derived
 * and escaped by the mailer) and a Slack-compatible webhook body `{ text, blocks }` with Slack's own
 * escaping of `&`, `<` and `>`.
 */
import type { TEarlyWarning } from "./schema.js";

export type Lang = "ru" | "en";
export const langOf = (l: string | null | undefined): Lang => (l === "ru" ? "ru" : "en");

export interface AnswerAlert {
  event: "detractor" | "low_csat";
  responseId: string;
  surveyId: string;
  surveyName: string;
  score: { kind: string; value: number };
  text: string;
  customer: string | null;
  caseId: string | null;
  caseReference: string | null;
}

export interface OverdueAlert {
  caseId: string;
  reference: string;
  dueAt: string;
  status: string;
  team: string | null;
  ownerId: string | null;
  summary: string;
  surveyId: string;
}

export type AlertMessage =
  | { event: "detractor" | "low_csat"; data: AnswerAlert }
  | { event: "case_overdue"; data: OverdueAlert }
  | { event: "early_warning"; data: TEarlyWarning & { ruleName: string } }
  | { event: "test"; data: { workspaceName: string } };

export interface Rendered {
  subject: string;
  text: string;
  slack: { text: string; blocks: unknown[] };
}

/** Slack mrkdwn escaping: only these three characters are control characters there. */
export const slackEscape = (s: string) =>
  s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

const clip = (s: string, n: number) => {
  const flat = s.replace(/\s+/g, " ").trim();
  return flat.length > n ? `${flat.slice(0, n - 1)}…` : flat;
};

const fmt = (v: number, lang: Lang) =>
  new Intl.NumberFormat(lang === "ru" ? "ru-RU" : "en-US", { maximumFractionDigits: 1 }).format(v);

const W = {
  ru: {
    detractor: "Критик",
    low_csat: "Низкая оценка CSAT",
    overdue: "Просрочено обращение",
    warning: "Раннее предупреждение",
    test: "Проверка оповещений",
    testBody: (w: string) =>
      `Это проверочное оповещение из Отклика (${w}). Если вы его видите, всё настроено.`,
    noComment: "(без комментария)",
    survey: "Опрос",
    customer: "Клиент",
    case: "Обращение",
    due: "Срок",
    team: "Команда",
    status: "Статус",
    whole: "все ответы",
    metric: { nps: "NPS", csat: "CSAT", category_share: "Доля категории" } as Record<string, string>,
    change: (cur: string, prev: string, diff: string) =>
      `${cur} против ${prev} в базовом периоде (${diff} п.)`,
    sides: (a: number, b: number) => `n = ${a} и ${b}`,
    rule: "Правило",
  },
  en: {
    detractor: "Detractor",
    low_csat: "Low CSAT",
    overdue: "Case overdue",
    warning: "Early warning",
    test: "Alert test",
    testBody: (w: string) =>
      `This is a test alert from Otklik (${w}). If you can read it, the alert is set up.`,
    noComment: "(no comment)",
    survey: "Survey",
    customer: "Customer",
    case: "Case",
    due: "Due",
    team: "Team",
    status: "Status",
    whole: "all answers",
    metric: { nps: "NPS", csat: "CSAT", category_share: "Category share" } as Record<string, string>,
    change: (cur: string, prev: string, diff: string) => `${cur} vs ${prev} in the baseline (${diff} pts)`,
    sides: (a: number, b: number) => `n = ${a} and ${b}`,
    rule: "Rule",
  },
};

const section = (mrkdwn: string) => ({ type: "section", text: { type: "mrkdwn", text: mrkdwn } });
const context = (mrkdwn: string) => ({ type: "context", elements: [{ type: "mrkdwn", text: mrkdwn }] });

export function renderAlert(m: AlertMessage, language: string, timeZone: string): Rendered {
  const lang = langOf(language);
  const w = W[lang];
  const when = (iso: string) =>
    new Intl.DateTimeFormat(lang === "ru" ? "ru-RU" : "en-GB", {
      dateStyle: "medium",
      timeStyle: "short",
      timeZone,
    }).format(new Date(iso));
  switch (m.event) {
    case "detractor":
    case "low_csat": {
      const d = m.data;
      const title = m.event === "detractor" ? w.detractor : w.low_csat;
      const score = `${d.score.kind.toUpperCase()} ${d.score.value}`;
      const comment = d.text.trim() ? clip(d.text, 1000) : w.noComment;
      const extra = [
        d.caseReference ? `${w.case} ${d.caseReference}` : null,
        d.customer ? `${w.customer}: ${d.customer}` : null,
      ].filter((x): x is string => x !== null);
      return {
        subject: `${title}: ${score} — ${clip(d.surveyName, 60)}`,
        text: [`${title}: ${score}`, `${w.survey}: ${d.surveyName}`, "", comment, "", ...extra]
          .join("\n")
          .trim(),
        slack: {
          text: `${title}: ${score} — “${slackEscape(clip(comment, 150))}” (${slackEscape(d.surveyName)})`,
          blocks: [
            section(
              `*${title}* · ${score} · ${slackEscape(d.surveyName)}\n>${slackEscape(clip(comment, 2500))}`,
            ),
            ...(extra.length ? [context(slackEscape(extra.join(" · ")))] : []),
          ],
        },
      };
    }
    case "case_overdue": {
      const d = m.data;
      const lines = [
        `${w.overdue}: ${d.reference}`,
        `${w.due}: ${when(d.dueAt)}`,
        `${w.status}: ${d.status}`,
        d.team ? `${w.team}: ${d.team}` : null,
        "",
        clip(d.summary, 500),
      ].filter((x): x is string => x !== null);
      return {
        subject: `${w.overdue}: ${d.reference}`,
        text: lines.join("\n"),
        slack: {
          text: `${w.overdue}: ${d.reference} (${w.due.toLowerCase()} ${when(d.dueAt)})`,
          blocks: [
            section(`*${w.overdue}* · ${d.reference} · ${w.due.toLowerCase()} ${slackEscape(when(d.dueAt))}`),
            section(`>${slackEscape(clip(d.summary, 2500))}`),
            context(
              slackEscape(
                [`${w.status}: ${d.status}`, d.team ? `${w.team}: ${d.team}` : null]
                  .filter(Boolean)
                  .join(" · "),
              ),
            ),
          ],
        },
      };
    }
    case "early_warning": {
      const d = m.data;
      const metric = w.metric[d.metric] ?? d.metric;
      const segment = d.segment ? `${d.segment.name} = ${d.segment.value}` : w.whole;
      const sign = d.diff > 0 ? "+" : "";
      const change = w.change(
        fmt(d.current.value, lang),
        fmt(d.previous.value, lang),
        `${sign}${fmt(d.diff, lang)}`,
      );
      const stats = `${w.sides(d.current.n, d.previous.n)}, z = ${fmt(d.z, lang)}, p = ${d.pValue.toPrecision(2)}`;
      const period = `${when(d.window.from)} — ${when(d.window.to)}`;
      return {
        subject: `${w.warning}: ${metric} · ${segment}`,
        text: [
          `${w.warning}: ${metric} · ${segment}`,
          change,
          stats,
          period,
          `${w.rule}: ${d.ruleName}`,
        ].join("\n"),
        slack: {
          text: slackEscape(`${w.warning}: ${metric} · ${segment}: ${change}`),
          blocks: [
            section(
              `*${w.warning}* · ${slackEscape(metric)} · *${slackEscape(segment)}*\n${slackEscape(change)}`,
            ),
            context(slackEscape(`${stats} · ${period} · ${w.rule}: ${d.ruleName}`)),
          ],
        },
      };
    }
    case "test":
      return {
        subject: w.test,
        text: w.testBody(m.data.workspaceName),
        slack: {
          text: slackEscape(w.testBody(m.data.workspaceName)),
          blocks: [section(slackEscape(w.testBody(m.data.workspaceName)))],
        },
      };
  }
}
