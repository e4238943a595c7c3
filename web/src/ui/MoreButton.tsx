import { useI18n } from "../i18n/I18nProvider.js";

/** The part of an infinite query that "Show more" needs. */
export interface PagedQuery {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

/** "Show more" under a list read page by page; nothing once the last page is in. */
export function MoreButton({
  pages,
  label,
  className = "btn btn-small",
  testId,
}: {
  pages: PagedQuery;
  label: string;
  className?: string;
  testId?: string;
}) {
  const { t } = useI18n();
  if (!pages.hasNextPage) return null;
  return (
    <button
      type="button"
      className={className}
      onClick={() => pages.fetchNextPage()}
      disabled={pages.isFetchingNextPage}
      data-testid={testId}
    >
      {pages.isFetchingNextPage ? t("common.loading") : label}
    </button>
  );
}
