/** Types shared by the page (type-only imports: zod itself is never bundled). */
import type { Attributes, SurveyDefinition, TAnswerValue, TLanguage } from "../../src/surveys/schema.js";

export type { SurveyDefinition, TAnswerValue, TLanguage, TQuestion } from "../../src/surveys/schema.js";
export type TAttributes = Attributes;

/** The JSON the server puts in `<script type="application/json" id="otklik-boot">` of `/s/{surveyId}`. */
export interface Boot {
  survey: { id: string; name: string; definition: SurveyDefinition };
  language: TLanguage;
  /** The recipient's personal-link token, sent back with every save. */
  token: string | null;
  /** Hidden fields from the link, stored on the response. */
  attributes: TAttributes;
  /** Prefix of API URLs; "" for the same origin. */
  apiBase: string;
  /** Optional: answers already known (e.g. the score clicked in an email), merged in and saved at once. */
  answers?: Record<string, TAnswerValue>;
}

/** What `/s/{surveyId}` boots with when the survey is archived, still a draft, or does not exist. */
export interface UnavailableBoot {
  unavailable: true;
  language: TLanguage;
}
