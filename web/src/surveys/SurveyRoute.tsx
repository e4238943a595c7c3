import type { ReactNode } from "react";
import { Link, useParams } from "react-router-dom";
import { isApiError } from "../api/client.js";
import type { TSurvey } from "../api/types.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { EmptyState, ErrorNotice, Spinner } from "../ui/components.js";
import { useSurvey } from "./queries.js";

/**
 * A page about the survey in the route's `:id`: a spinner while it loads, "not found" with a way back
 * for an unknown or malformed id, a retryable error otherwise, and the page once it is there.
 */
export function SurveyRoute({ children }: { children: (survey: TSurvey) => ReactNode }) {
  const { id = "" } = useParams();
  const { t } = useI18n();
  const survey = useSurvey(id);
  if (survey.isPending) return <Spinner />;
  if (survey.error) {
    if (isApiError(survey.error) && (survey.error.status === 404 || survey.error.status === 400))
      return (
        <EmptyState
          title={t("survey.notFound")}
          action={
            <Link className="btn" to="/surveys">
              {t("notFound.back")}
            </Link>
          }
        />
      );
    return <ErrorNotice error={survey.error} onRetry={() => survey.refetch()} />;
  }
  return children(survey.data);
}
