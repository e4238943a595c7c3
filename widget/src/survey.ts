/**
 * Entry of the public survey page (`/s/{surveyId}`): reads the boot JSON the server put in the page and
 * starts the survey in `<main id="otklik-survey">`. Built by `widget/vite.config.ts` into one small
 * ES module, `dist/widget/survey.js`.
 */
import { h } from "./dom.js";
import { strings } from "./i18n.js";
import { showMessage, startSurvey } from "./page.js";
import { CSS } from "./theme.js";
import type { Boot, UnavailableBoot } from "./types.js";

type Parsed = { kind: "survey"; boot: Boot } | { kind: "unavailable"; boot: UnavailableBoot } | null;

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null;

function readBoot(): Parsed {
  let data: unknown;
  try {
    data = JSON.parse(document.getElementById("otklik-boot")?.textContent ?? "null");
  } catch {
    return null;
  }
  if (!isRecord(data) || (data.language !== "ru" && data.language !== "en")) return null;
  if (data.unavailable === true) return { kind: "unavailable", boot: data as unknown as UnavailableBoot };
  const survey = data.survey;
  if (!isRecord(survey) || typeof survey.id !== "string" || !isRecord(survey.definition)) return null;
  if (!Array.isArray(survey.definition.questions) || !isRecord(survey.definition.thankYou)) return null;
  return {
    kind: "survey",
    boot: {
      ...(data as unknown as Boot),
      token: typeof data.token === "string" ? data.token : null,
      attributes: isRecord(data.attributes) ? (data.attributes as Boot["attributes"]) : {},
      apiBase: typeof data.apiBase === "string" ? data.apiBase : "",
    },
  };
}

function main() {
  const mount =
    document.getElementById("otklik-survey") ?? document.body.appendChild(h("main", { id: "otklik-survey" }));
  document.head.append(h("style", {}, CSS));
  const parsed = readBoot();
  if (!parsed) {
    showMessage(mount, strings(document.documentElement.lang === "ru" ? "ru" : "en").bootFailed);
    return;
  }
  const { boot } = parsed;
  document.documentElement.lang = boot.language;
  const t = strings(boot.language);
  if (parsed.kind === "unavailable") {
    document.title = t.gone;
    return showMessage(mount, t.gone);
  }
  const color = parsed.boot.survey.definition.design?.primaryColor;
  // The server leaves the token out when the link's `t` has expired or belongs to another survey.
  if (new URLSearchParams(location.search).has("t") && !parsed.boot.token) {
    return showMessage(mount, t.badLink, color);
  }
  startSurvey(mount, parsed.boot);
}

main();
