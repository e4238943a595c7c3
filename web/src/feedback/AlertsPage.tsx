import { useState } from "react";
import { useCan, useSession } from "../auth/session.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { useSurveys } from "../surveys/queries.js";
import { ErrorNotice, Modal, Spinner, useDocumentTitle } from "../ui/components.js";
import { errorText } from "../ui/errors.js";
import { AlertRuleDialog } from "./AlertRuleDialog.js";
import {
  type AlertRule,
  type Digest,
  useAlertRules,
  useDigestPreview,
  useDigests,
  useTestAlertRule,
} from "./alerts-queries.js";
import { DeliveriesSection } from "./DeliveriesSection.js";
import { DigestDialog, weekdayKey } from "./DigestDialog.js";
import { FeedbackTabs } from "./FeedbackTabs.js";
import { WarningsSection } from "./WarningsSection.js";
import "./feedback.css";

/** Alert and digest settings: instant alerts, scheduled digests, early warnings and what was sent. */
export function AlertsPage() {
  const { t } = useI18n();
  useDocumentTitle(t("alerts.title"));
  return (
    <div className="page fb-page" data-testid="alerts-page">
      <div className="page-header">
        <div>
          <h1>{t("alerts.title")}</h1>
          <p className="muted small">{t("alerts.subtitle")}</p>
        </div>
      </div>
      <FeedbackTabs />
      <AlertRulesSection />
      <DigestsSection />
      <WarningsSection />
      <DeliveriesSection />
    </div>
  );
}

function AlertRulesSection() {
  const { t } = useI18n();
  const canEdit = useCan("feedback:write");
  const { list, create, update, remove } = useAlertRules();
  const surveys = useSurveys();
  const test = useTestAlertRule();
  const [dialog, setDialog] = useState<AlertRule | "new" | null>(null);
  const [tested, setTested] = useState<string | null>(null);
  const open = (d: AlertRule | "new") => {
    create.reset();
    update.reset();
    setDialog(d);
  };
  return (
    <section className="card" data-testid="alert-rules">
      <div className="card-head">
        <div>
          <h2 className="card-title">{t("alerts.rules")}</h2>
          <p className="muted small">{t("alerts.rulesHint")}</p>
        </div>
        {canEdit && (
          <button
            type="button"
            className="btn btn-small btn-primary"
            onClick={() => open("new")}
            data-testid="alert-rule-add"
          >
            {t("alerts.rule.new")}
          </button>
        )}
      </div>
      {list.error ? (
        <ErrorNotice error={list.error} onRetry={() => list.refetch()} />
      ) : list.isPending ? (
        <Spinner />
      ) : list.data.length === 0 ? (
        <p className="muted small">{t("alerts.rules.empty")}</p>
      ) : (
        <ul className="fb-settings-list">
          {list.data.map((r) => (
            <li key={r.id} className={r.enabled ? "" : "fb-disabled"} data-testid="alert-rule">
              <div className="fb-settings-main">
                <strong>{r.name}</strong>
                <div className="chips">
                  {r.events.map((ev) => (
                    <span key={ev} className="chip">
                      {t(`alerts.event.${ev}`)}
                    </span>
                  ))}
                </div>
                <div className="muted small fb-ellipsis">
                  {[...r.emails, ...(r.webhook ? [r.webhook.url] : [])].join(", ")}
                </div>
                {tested === r.id && test.data && (
                  <ul className="small fb-test-results">
                    {test.data.results.map((x) => (
                      <li key={`${x.channel}-${x.target}`} className={x.ok ? "success-text" : "field-error"}>
                        {x.ok ? "✓" : "✗"} {x.channel} · {x.target}
                        {x.detail ? ` — ${x.detail}` : ""}
                      </li>
                    ))}
                  </ul>
                )}
                {tested === r.id && test.error && <p className="field-error">{errorText(t, test.error)}</p>}
              </div>
              {canEdit && (
                <div className="fb-settings-tools">
                  <label className="check small">
                    <input
                      type="checkbox"
                      checked={r.enabled}
                      onChange={(e) => update.mutate({ id: r.id, enabled: e.target.checked })}
                    />
                    <span>{t("routing.enabled")}</span>
                  </label>
                  <button
                    type="button"
                    className="btn btn-ghost btn-small"
                    disabled={test.isPending}
                    onClick={() => {
                      setTested(r.id);
                      test.mutate(r.id);
                    }}
                  >
                    {test.isPending && tested === r.id ? t("common.loading") : t("alerts.test")}
                  </button>
                  <button type="button" className="btn btn-ghost btn-small" onClick={() => open(r)}>
                    {t("common.edit")}
                  </button>
                  <button
                    type="button"
                    className="btn btn-danger-ghost btn-small"
                    onClick={() =>
                      window.confirm(t("alerts.deleteConfirm", { name: r.name })) && remove.mutate(r.id)
                    }
                  >
                    {t("taxonomy.delete")}
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {remove.error && <ErrorNotice error={remove.error} />}
      {dialog && (
        <AlertRuleDialog
          rule={dialog === "new" ? null : dialog}
          surveys={surveys.data ?? []}
          pending={create.isPending || update.isPending}
          error={dialog === "new" ? create.error : update.error}
          onSubmit={(input) => {
            const done = { onSuccess: () => setDialog(null) };
            if (dialog === "new") create.mutate(input, done);
            else update.mutate({ id: dialog.id, ...input }, done);
          }}
          onClose={() => setDialog(null)}
        />
      )}
    </section>
  );
}

function DigestsSection() {
  const { t, fmt } = useI18n();
  const me = useSession();
  const canEdit = useCan("feedback:write");
  const { list, create, update, remove } = useDigests();
  const surveys = useSurveys();
  const [dialog, setDialog] = useState<Digest | "new" | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const open = (d: Digest | "new") => {
    create.reset();
    update.reset();
    setDialog(d);
  };
  const when = (d: Digest) =>
    d.frequency === "daily"
      ? t("alerts.schedule.daily", { hour: `${String(d.hour).padStart(2, "0")}:00` })
      : t("alerts.schedule.weekly", {
          day: t(weekdayKey(d.weekday)),
          hour: `${String(d.hour).padStart(2, "0")}:00`,
        });
  return (
    <section className="card" data-testid="digests">
      <div className="card-head">
        <div>
          <h2 className="card-title">{t("alerts.digests")}</h2>
          <p className="muted small">{t("alerts.digestsHint", { tz: me.workspace.timeZone })}</p>
        </div>
        {canEdit && (
          <button
            type="button"
            className="btn btn-small btn-primary"
            onClick={() => open("new")}
            data-testid="digest-add"
          >
            {t("alerts.digest.new")}
          </button>
        )}
      </div>
      {list.error ? (
        <ErrorNotice error={list.error} onRetry={() => list.refetch()} />
      ) : list.isPending ? (
        <Spinner />
      ) : list.data.length === 0 ? (
        <p className="muted small">{t("alerts.digests.empty")}</p>
      ) : (
        <ul className="fb-settings-list">
          {list.data.map((d) => (
            <li key={d.id} className={d.enabled ? "" : "fb-disabled"} data-testid="digest">
              <div className="fb-settings-main">
                <strong>{d.name}</strong>
                <div className="small">
                  {when(d)} · {d.language.toUpperCase()}
                  {d.nextSendAt && (
                    <span className="muted">
                      {" "}
                      · {t("alerts.nextSend", { at: fmt.dateTime(d.nextSendAt) })}
                    </span>
                  )}
                </div>
                <div className="muted small fb-ellipsis">{d.recipients.join(", ")}</div>
              </div>
              <div className="fb-settings-tools">
                {canEdit && (
                  <label className="check small">
                    <input
                      type="checkbox"
                      checked={d.enabled}
                      onChange={(e) => update.mutate({ id: d.id, enabled: e.target.checked })}
                    />
                    <span>{t("routing.enabled")}</span>
                  </label>
                )}
                <button type="button" className="btn btn-ghost btn-small" onClick={() => setPreview(d.id)}>
                  {t("alerts.preview")}
                </button>
                {canEdit && (
                  <>
                    <button type="button" className="btn btn-ghost btn-small" onClick={() => open(d)}>
                      {t("common.edit")}
                    </button>
                    <button
                      type="button"
                      className="btn btn-danger-ghost btn-small"
                      onClick={() =>
                        window.confirm(t("alerts.deleteConfirm", { name: d.name })) && remove.mutate(d.id)
                      }
                    >
                      {t("taxonomy.delete")}
                    </button>
                  </>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {remove.error && <ErrorNotice error={remove.error} />}
      {dialog && (
        <DigestDialog
          digest={dialog === "new" ? null : dialog}
          surveys={surveys.data ?? []}
          pending={create.isPending || update.isPending}
          error={dialog === "new" ? create.error : update.error}
          onSubmit={(input) => {
            const done = { onSuccess: () => setDialog(null) };
            if (dialog === "new") create.mutate(input, done);
            else update.mutate({ id: dialog.id, ...input }, done);
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {preview && <DigestPreview id={preview} onClose={() => setPreview(null)} />}
    </section>
  );
}

/** The last complete period's digest as it would be sent (the server's own plain text). */
function DigestPreview({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useI18n();
  const content = useDigestPreview(id);
  return (
    <Modal title={content.data?.subject ?? t("alerts.preview")} onClose={onClose} wide>
      {content.error ? (
        <ErrorNotice error={content.error} onRetry={() => content.refetch()} />
      ) : content.isPending ? (
        <Spinner />
      ) : (
        <pre className="fb-msg-body" data-testid="digest-preview">
          {content.data.text}
        </pre>
      )}
    </Modal>
  );
}
