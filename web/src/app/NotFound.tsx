import { Link } from "react-router-dom";
import { useI18n } from "../i18n/I18nProvider.js";
import { EmptyState } from "../ui/components.js";

export function NotFound() {
  const { t } = useI18n();
  return (
    <EmptyState
      title={t("notFound.title")}
      action={
        <Link className="btn" to="/surveys">
          {t("notFound.back")}
        </Link>
      }
    >
      {t("notFound.text")}
    </EmptyState>
  );
}
