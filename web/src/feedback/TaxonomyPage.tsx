import { useState } from "react";
import { useCan } from "../auth/session.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { EmptyState, ErrorNotice, Spinner, useDocumentTitle } from "../ui/components.js";
import { errorText } from "../ui/errors.js";
import { CategoryForm } from "./CategoryForm.js";
import { FeedbackTabs } from "./FeedbackTabs.js";
import { nameOf, taxonomyTree } from "./labels.js";
import { useCategories, useCategoryMutations } from "./queries.js";
import type { Category } from "./types.js";
import "./feedback.css";

/** What is open for editing: a new top-level category, a new sub-category of a parent, or a category. */
type Editing = { kind: "new"; parentId: string | null } | { kind: "edit"; id: string } | null;

/** The taxonomy: parents and sub-categories with their keyword rules; add, rename, archive, delete. */
export function TaxonomyPage() {
  const { t, lang } = useI18n();
  const canEdit = useCan("feedback:write");
  const categories = useCategories(true);
  const { create, update, remove } = useCategoryMutations();
  const [editing, setEditing] = useState<Editing>(null);
  useDocumentTitle(t("taxonomy.title"));

  const open = (e: Editing) => {
    create.reset();
    update.reset();
    setEditing(e);
  };
  const del = (c: Category) => {
    const subs = (categories.data ?? []).filter((x) => x.parentId === c.id).length;
    const msg = subs
      ? t("taxonomy.deleteConfirmSubs", { name: nameOf(c, lang), count: subs })
      : t("taxonomy.deleteConfirm", { name: nameOf(c, lang) });
    if (window.confirm(msg)) remove.mutate(c.id);
  };

  const row = (c: Category, sub: boolean) => {
    const isEditing = editing?.kind === "edit" && editing.id === c.id;
    const kw = [...(c.keywords.en ?? []), ...(c.keywords.ru ?? [])];
    return (
      <li
        key={c.id}
        className={`fb-tax-item${sub ? " fb-tax-sub" : ""}${c.archived ? " fb-archived" : ""}`}
        data-testid="taxonomy-item"
        data-key={c.key}
      >
        <div className="fb-tax-row">
          <div className="fb-tax-name">
            <strong data-testid="taxonomy-name">{nameOf(c, lang)}</strong>
            <span className="muted"> · {nameOf(c, lang === "ru" ? "en" : "ru")}</span>
            {c.archived && <span className="badge badge-archived">{t("taxonomy.archived")}</span>}
            <div className="muted small fb-tax-kw" title={kw.join(", ")}>
              <span className="mono">{c.key}</span>
              {kw.length > 0 &&
                ` · ${t("taxonomy.keywordCount", { count: kw.length })}: ${kw.slice(0, 6).join(", ")}${kw.length > 6 ? "…" : ""}`}
            </div>
          </div>
          {canEdit && (
            <div className="fb-tax-tools">
              {!sub && !c.archived && (
                <button
                  type="button"
                  className="btn btn-ghost btn-small"
                  onClick={() => open({ kind: "new", parentId: c.id })}
                  data-testid="taxonomy-add-sub"
                >
                  {t("taxonomy.addSub")}
                </button>
              )}
              <button
                type="button"
                className="btn btn-ghost btn-small"
                onClick={() => open({ kind: "edit", id: c.id })}
                data-testid="taxonomy-edit"
              >
                {t("common.edit")}
              </button>
              <button
                type="button"
                className="btn btn-ghost btn-small"
                onClick={() => update.mutate({ id: c.id, archived: !c.archived })}
              >
                {c.archived ? t("taxonomy.restore") : t("taxonomy.archive")}
              </button>
              <button
                type="button"
                className="btn btn-danger-ghost btn-small"
                onClick={() => del(c)}
                data-testid="taxonomy-delete"
              >
                {t("taxonomy.delete")}
              </button>
            </div>
          )}
        </div>
        {isEditing && (
          <CategoryForm
            initial={c}
            parentId={c.parentId}
            pending={update.isPending}
            error={update.error}
            onSubmit={(input) => update.mutate({ id: c.id, ...input }, { onSuccess: () => setEditing(null) })}
            onCancel={() => setEditing(null)}
            testId="category-edit-form"
          />
        )}
      </li>
    );
  };
  const newForm = (parentId: string | null) =>
    editing?.kind === "new" && editing.parentId === parentId ? (
      <CategoryForm
        parentId={parentId}
        pending={create.isPending}
        error={create.error}
        onSubmit={(input) => create.mutate(input, { onSuccess: () => setEditing(null) })}
        onCancel={() => setEditing(null)}
        testId="category-new-form"
      />
    ) : null;

  return (
    <div className="page fb-page" data-testid="taxonomy-page">
      <div className="page-header">
        <div>
          <h1>{t("taxonomy.title")}</h1>
          <p className="muted small">{t("taxonomy.subtitle")}</p>
        </div>
        {canEdit && (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => open({ kind: "new", parentId: null })}
            data-testid="taxonomy-add"
          >
            {t("taxonomy.add")}
          </button>
        )}
      </div>
      <FeedbackTabs />
      {remove.error && <ErrorNotice error={remove.error} />}
      {update.error && editing?.kind !== "edit" && (
        <p className="notice notice-error">{errorText(t, update.error)}</p>
      )}
      {categories.error ? (
        <ErrorNotice error={categories.error} onRetry={() => categories.refetch()} />
      ) : categories.isPending ? (
        <Spinner />
      ) : (
        <section className="card">
          {newForm(null)}
          {categories.data.length === 0 ? (
            <EmptyState title={t("taxonomy.empty")} />
          ) : (
            <ul className="fb-tax">
              {taxonomyTree(categories.data).map(({ parent, children }) => (
                <li key={parent.id} className="fb-tax-group">
                  <ul>
                    {row(parent, false)}
                    {children.map((c) => row(c, true))}
                    {newForm(parent.id) && <li className="fb-tax-sub">{newForm(parent.id)}</li>}
                  </ul>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}
