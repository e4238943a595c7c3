import type { TSurveyInput } from "../../src/surveys/schema.js";
import { surveyFromTemplate } from "../../src/surveys/templates.js";
import type { Tenant } from "./app.js";

/** Creates a survey from a template through the API and returns its JSON. */
export async function createSurvey(
  t: Tenant,
  templateId = "relational-nps",
  patch: Partial<TSurveyInput> = {},
) {
  const input = surveyFromTemplate(templateId);
  if (!input) throw new Error(`no template ${templateId}`);
  const res = await t.call("POST", "/api/v1/surveys", { ...input, ...patch });
  if (res.statusCode !== 201) throw new Error(`create survey: ${res.statusCode} ${res.body}`);
  return res.json() as { id: string; name: string; definition: TSurveyInput["definition"] };
}
