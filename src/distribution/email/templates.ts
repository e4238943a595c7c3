/**
 * Invitation emails: the survey's first question with its scale inside the email, one link per score
 * (NPS 0–10, CSAT faces with labels, CES, stars…), the survey link, a visible unsubscribe link and an
 * open-tracking pixel. Every piece of user text is escaped; layout is tables with inline styles, which
 * is what mail clients render reliably.
 */
import { localize, visibleQuestions } from "../../surveys/logic.js";
import type { SurveyDefinition, TLanguage, TLocalizedText, TQuestion } from "../../surveys/schema.js";
import type { InvitationLinks } from "../links.js";
import { type EmailStrings, emailStrings } from "./strings.js";

export interface ScaleOption {
  value: number;
  /** What the button shows: the number, a face or a star. */
  label: string;
  /** The option's meaning in words (title attribute, text part). */
  title: string;
}

export interface EmailScale {
  questionId: string;
  options: ScaleOption[];
  low: string;
  high: string;
}

const FACES: Record<number, string[]> = {
  2: ["👎", "👍"],
  3: ["🙁", "😐", "🙂"],
  5: ["😠", "🙁", "😐", "🙂", "😍"],
};

const range = (lo: number, hi: number) => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);

/** The scale of a question as buttons in an email, or null when it has none (choice, text, CLI). */
export function emailScale(q: TQuestion, lang: TLanguage, fallback: TLanguage): EmailScale | null {
  const s = emailStrings(lang);
  const text = (t: TLocalizedText | undefined, d: string) => (t ? localize(t, lang, fallback) : d);
  const numbers = (lo: number, hi: number, low: string, high: string): EmailScale => ({
    questionId: q.id,
    options: range(lo, hi).map((v) => ({ value: v, label: String(v), title: String(v) })),
    low,
    high,
  });
  switch (q.type) {
    case "nps":
      return numbers(0, 10, text(q.lowLabel, s.npsLow), text(q.highLabel, s.npsHigh));
    case "missus":
      return numbers(1, 10, s.missLow, s.missHigh);
    case "ces":
      return numbers(1, 7, s.cesLow, s.cesHigh);
    case "rating":
      return {
        questionId: q.id,
        options: range(1, 5).map((v) => ({ value: v, label: "★".repeat(v), title: s.stars(v) })),
        low: "",
        high: "",
      };
    case "csat": {
      const faces = FACES[q.scale];
      const labels = range(1, q.scale).map(
        (v, i) => (q.labels?.[i] ? localize(q.labels[i], lang, fallback) : s.csat[q.scale]?.[i]) ?? String(v),
      );
      if (!faces) return numbers(1, q.scale, s.csatLow, s.csatHigh);
      return {
        questionId: q.id,
        options: range(1, q.scale).map((v, i) => ({
          value: v,
          label: faces[i] ?? String(v),
          title: labels[i] ?? String(v),
        })),
        low: labels[0] ?? "",
        high: labels.at(-1) ?? "",
      };
    }
    default:
      return null;
  }
}

export const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

export interface InvitationEmailInput {
  language: TLanguage;
  workspaceName: string;
  customerName: string | null;
  definition: SurveyDefinition;
  message: { subject?: TLocalizedText; intro?: TLocalizedText };
  links: InvitationLinks;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
  /** The scale inside the email, when the first question has one. */
  scale: EmailScale | null;
}

const FONT = "font-family:Arial,Helvetica,sans-serif";

function scaleHtml(scale: EmailScale, links: InvitationLinks, color: string): string {
  const wide = scale.options.length > 7;
  const cells = scale.options
    .map((o) => {
      const isFace = /\p{Extended_Pictographic}/u.test(o.label);
      const size = isFace ? "28px" : wide ? "15px" : "17px";
      const caption =
        isFace && o.title !== o.label
          ? `<div style="${FONT};font-size:11px;color:#6b7280;padding-top:4px">${escapeHtml(o.title)}</div>`
          : "";
      return `<td align="center" style="padding:2px"><a href="${escapeHtml(links.answer(scale.questionId, o.value))}" title="${escapeHtml(o.title)}" style="display:block;${FONT};font-size:${size};line-height:1.2;font-weight:bold;color:${color};text-decoration:none;border:1px solid #d1d5db;border-radius:6px;padding:${wide ? "10px 0" : "10px 4px"};min-width:${wide ? "26px" : "40px"}">${escapeHtml(o.label)}</a>${caption}</td>`;
    })
    .join("");
  const labels =
    scale.low || scale.high
      ? `<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td style="${FONT};font-size:12px;color:#6b7280">${escapeHtml(scale.low)}</td><td align="right" style="${FONT};font-size:12px;color:#6b7280">${escapeHtml(scale.high)}</td></tr></table>`
      : "";
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="table-layout:fixed"><tr>${cells}</tr></table>${labels}`;
}

export function renderInvitationEmail(input: InvitationEmailInput): RenderedEmail {
  const { language: lang, definition: def, links } = input;
  const s: EmailStrings = emailStrings(lang);
  const text = (t: TLocalizedText | undefined) => (t ? localize(t, lang, def.defaultLanguage) : "");
  const first = visibleQuestions(def, {})[0];
  const scale = first ? emailScale(first, lang, def.defaultLanguage) : null;
  const color = def.design.primaryColor;
  const subject = text(input.message.subject) || s.subject(input.workspaceName);
  const intro = text(input.message.intro);
  const question = first ? text(first.title) : "";
  const logo =
    def.design.logoUrl && /^https?:\/\//.test(def.design.logoUrl)
      ? `<img src="${escapeHtml(def.design.logoUrl)}" alt="${escapeHtml(input.workspaceName)}" height="32" style="display:block;border:0;height:32px;margin-bottom:16px">`
      : "";
  const button = `<a href="${escapeHtml(links.survey)}" style="display:inline-block;${FONT};font-size:15px;font-weight:bold;color:#ffffff;background:${color};text-decoration:none;border-radius:6px;padding:12px 20px">${escapeHtml(s.openSurvey)}</a>`;
  const surveyLink = scale
    ? `<a href="${escapeHtml(links.survey)}" style="${FONT};font-size:13px;color:${color}">${escapeHtml(s.orOpen)}</a>`
    : button;

  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(subject)}</title></head><body style="margin:0;padding:0;background:#f4f4f7"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f4f7"><tr><td align="center" style="padding:24px 12px"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px"><tr><td style="padding:28px 24px 8px;${FONT};color:#1f2937">${logo}<p style="margin:0 0 12px;font-size:15px">${escapeHtml(s.greeting(input.customerName))}</p>${intro ? `<p style="margin:0 0 12px;font-size:15px">${escapeHtml(intro)}</p>` : ""}<h1 style="margin:0 0 6px;font-size:19px;line-height:1.35">${escapeHtml(question)}</h1>${scale ? `<p style="margin:0;font-size:13px;color:#6b7280">${escapeHtml(s.oneClick)}</p>` : ""}</td></tr>${scale ? `<tr><td style="padding:12px 18px 4px">${scaleHtml(scale, links, color)}</td></tr>` : ""}<tr><td style="padding:16px 24px 28px">${surveyLink}</td></tr></table><p style="max-width:560px;margin:16px auto 0;${FONT};font-size:12px;color:#6b7280;line-height:1.5">${escapeHtml(s.footer(input.workspaceName))} <a href="${escapeHtml(links.unsubscribe)}" style="color:#6b7280">${escapeHtml(s.unsubscribe)}</a></p><img src="${escapeHtml(links.openPixel)}" width="1" height="1" alt="" style="display:block;border:0;width:1px;height:1px"></td></tr></table></body></html>`;

  const lines = [
    s.greeting(input.customerName),
    ...(intro ? ["", intro] : []),
    "",
    question,
    ...(scale
      ? [
          "",
          s.oneClick,
          ...scale.options.map((o) => `  ${o.title} — ${links.answer(scale.questionId, o.value)}`),
        ]
      : []),
    "",
    `${s.openSurvey}: ${links.survey}`,
    "",
    "--",
    s.footer(input.workspaceName),
    `${s.unsubscribe}: ${links.unsubscribe}`,
  ];
  return { subject, html, text: lines.join("\n"), scale };
}
