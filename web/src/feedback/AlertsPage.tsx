import { useState } from "react";
import { useCan, useSession } from "../auth/session.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { useSurveys } from "../surveys/queries.js";
import { ErrorNotice, Modal, Spinner, useDocumentTitle } from "../ui/components.js";
import { errorText } from "../ui/errors.js";
import { AlertRuleDialog } from "./AlertRuleDialog.js";
import {
  type AlertRule,
  type AlertRuleInput,
  type Digest,
  type DigestInput,
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
import { useEditDialog } from "../ui/use-edit-dialog.js";
import { EditDeleteButtons, EnabledCheck, SettingsCardHead } from "./SettingsList.js";

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
  const dialog = useEditDialog<AlertRule, AlertRuleInput>(create, update);
  const [tested, setTested] = useState<string | null>(null);
  return (
    <section className="card" data-testid="alert-rules">
      <SettingsCardHead
        title={t("alerts.rules")}
        hint={t("alerts.rulesHint")}
        addLabel={t("alerts.rule.new")}
        onAdd={canEdit ? () => dialog.open("new") : undefined}
        addTestId="alert-rule-add"
      />
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
                  <EnabledCheck
                    checked={r.enabled}
                    onChange={(enabled) => update.mutate({ id: r.id, enabled })}
                  />
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
                  <EditDeleteButtons
                    onEdit={() => dialog.open(r)}
                    onDelete={() => remove.mutate(r.id)}
                    confirm={t("alerts.deleteConfirm", { name: r.name })}
                  />
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {remove.error && <ErrorNotice error={remove.error} />}
      {dialog.item && (
        <AlertRuleDialog
          rule={dialog.item === "new" ? null : dialog.item}
          surveys={surveys.data ?? []}
          pending={dialog.pending}
          error={dialog.error}
          onSubmit={dialog.submit}
          onClose={dialog.close}
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
  const dialog = useEditDialog<Digest, DigestInput>(create, update);
  const [preview, setPreview] = useState<string | null>(null);
  const when = (d: Digest) =>
    d.frequency === "daily"
      ? t("alerts.schedule.daily", { hour: `${String(d.hour).padStart(2, "0")}:00` })
      : t("alerts.schedule.weekly", {
          day: t(weekdayKey(d.weekday)),
          hour: `${String(d.hour).padStart(2, "0")}:00`,
        });
  return (
    <section className="card" data-testid="digests">
      <SettingsCardHead
        title={t("alerts.digests")}
        hint={t("alerts.digestsHint", { tz: me.workspace.timeZone })}
        addLabel={t("alerts.digest.new")}
        onAdd={canEdit ? () => dialog.open("new") : undefined}
        addTestId="digest-add"
      />
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
                  <EnabledCheck
                    checked={d.enabled}
                    onChange={(enabled) => update.mutate({ id: d.id, enabled })}
                  />
                )}
                <button type="button" className="btn btn-ghost btn-small" onClick={() => setPreview(d.id)}>
                  {t("alerts.preview")}
                </button>
                {canEdit && (
                  <EditDeleteButtons
                    onEdit={() => dialog.open(d)}
                    onDelete={() => remove.mutate(d.id)}
                    confirm={t("alerts.deleteConfirm", { name: d.name })}
                  />
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {remove.error && <ErrorNotice error={remove.error} />}
      {dialog.item && (
        <DigestDialog
          digest={dialog.item === "new" ? null : dialog.item}
          surveys={surveys.data ?? []}
          pending={dialog.pending}
          error={dialog.error}
          onSubmit={dialog.submit}
          onClose={dialog.close}
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
