import { type FormEvent, useEffect, useState } from "react";
import { useI18n } from "../i18n/I18nProvider.js";
import { ErrorNotice, Field, Spinner } from "../ui/components.js";
import { fieldError, unplaced } from "./field-errors.js";
import { useChannelTest, useSaveSmtp, useSmtp } from "./queries.js";
import { TestResult } from "./TestResult.js";
import type { Smtp } from "./types.js";

const FIELDS = ["host", "port", "secure", "user", "password", "from", "replyTo"];

const formOf = (s: Smtp | null) => ({
  host: s?.host ?? "",
  port: String(s?.port ?? 587),
  secure: s?.secure ?? false,
  user: s?.user ?? "",
  password: "",
  from: s?.from ?? "",
  replyTo: s?.replyTo ?? "",
});

/** The workspace's SMTP server, with a test message; without one, emails wait in the outbox. */
export function SmtpSection() {
  const { t, lang } = useI18n();
  const smtp = useSmtp();
  const save = useSaveSmtp();
  const test = useChannelTest("smtp");
  const [form, setForm] = useState(formOf(null));
  const [to, setTo] = useState("");
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (smtp.data !== undefined) setForm(formOf(smtp.data));
  }, [smtp.data]);

  if (smtp.isPending) return <Spinner />;
  if (smtp.error) return <ErrorNotice error={smtp.error} onRetry={() => smtp.refetch()} />;
  const set = (patch: Partial<typeof form>) => {
    setSaved(false);
    setForm((f) => ({ ...f, ...patch }));
  };
  const err = (f: string) => fieldError(save.error, f);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(
      {
        host: form.host,
        // Not a number: sent as null (NaN in JSON), so the server names the port.
        port: form.port.trim() ? Number(form.port) : Number.NaN,
        secure: form.secure,
        user: form.user || null,
        // Left empty: the stored password is kept.
        ...(form.password ? { password: form.password } : {}),
        from: form.from,
        replyTo: form.replyTo || null,
      },
      { onSuccess: () => setSaved(true) },
    );
  };

  return (
    <section className="card" data-testid="smtp-section">
      <div className="card-head">
        <h2 className="card-title">{t("dist.smtp.title")}</h2>
        <span className={`dist-pill${smtp.data ? " on" : ""}`}>
          {smtp.data ? t("dist.smtp.configured") : t("dist.smtp.notConfigured")}
        </span>
      </div>
      <p className="muted small">{t("dist.smtp.hint")}</p>
      {unplaced(save.error, FIELDS) && <ErrorNotice error={save.error} />}
      <form className="form-grid" onSubmit={submit} noValidate>
        <Field label={t("dist.smtp.host")} error={err("host")}>
          {(id, invalid) => (
            <input
              id={id}
              value={form.host}
              onChange={(e) => set({ host: e.target.value })}
              placeholder="smtp.example.com"
              aria-invalid={invalid}
              data-testid="smtp-host"
            />
          )}
        </Field>
        <Field label={t("dist.smtp.port")} error={err("port")}>
          {(id, invalid) => (
            <div className="dist-inline">
              <input
                id={id}
                inputMode="numeric"
                className="dist-short"
                value={form.port}
                onChange={(e) => set({ port: e.target.value })}
                aria-invalid={invalid}
                data-testid="smtp-port"
              />
              <label className="check">
                <input
                  type="checkbox"
                  checked={form.secure}
                  onChange={(e) => set({ secure: e.target.checked })}
                />
                {t("dist.smtp.secure")}
              </label>
            </div>
          )}
        </Field>
        <Field label={t("dist.smtp.user")} error={err("user")}>
          {(id, invalid) => (
            <input
              id={id}
              value={form.user}
              onChange={(e) => set({ user: e.target.value })}
              autoComplete="off"
              aria-invalid={invalid}
            />
          )}
        </Field>
        <Field
          label={t("dist.smtp.password")}
          hint={smtp.data?.passwordSet ? t("dist.smtp.passwordKept") : undefined}
          error={err("password")}
        >
          {(id, invalid) => (
            <input
              id={id}
              type="password"
              value={form.password}
              onChange={(e) => set({ password: e.target.value })}
              autoComplete="new-password"
              aria-invalid={invalid}
            />
          )}
        </Field>
        <Field label={t("dist.smtp.from")} hint={t("dist.smtp.fromHint")} error={err("from")}>
          {(id, invalid) => (
            <input
              id={id}
              value={form.from}
              onChange={(e) => set({ from: e.target.value })}
              placeholder="Acme <feedback@acme.example>"
              aria-invalid={invalid}
              data-testid="smtp-from"
            />
          )}
        </Field>
        <Field label={t("dist.smtp.replyTo")} error={err("replyTo")}>
          {(id, invalid) => (
            <input
              id={id}
              value={form.replyTo}
              onChange={(e) => set({ replyTo: e.target.value })}
              aria-invalid={invalid}
            />
          )}
        </Field>
        <div className="form-actions span-2">
          {saved && (
            <span className="muted small" role="status">
              {t("common.saved")}
            </span>
          )}
          {smtp.data && (
            <button
              type="button"
              className="btn btn-ghost"
              disabled={save.isPending}
              onClick={() => window.confirm(t("dist.smtp.removeConfirm")) && save.mutate(null)}
            >
              {t("dist.smtp.remove")}
            </button>
          )}
          <button type="submit" className="btn btn-primary" disabled={save.isPending} data-testid="smtp-save">
            {save.isPending ? t("common.saving") : t("common.save")}
          </button>
        </div>
      </form>
      {smtp.data && (
        <form
          className="inset dist-test"
          onSubmit={(e) => {
            e.preventDefault();
            test.mutate({ to: to.trim(), language: lang });
          }}
        >
          <Field label={t("dist.smtp.testTo")} error={fieldError(test.error, "to")}>
            {(id, invalid) => (
              <div className="dist-inline">
                <input
                  id={id}
                  type="email"
                  value={to}
                  onChange={(e) => setTo(e.target.value)}
                  placeholder="you@example.com"
                  aria-invalid={invalid}
                  data-testid="smtp-test-to"
                />
                <button
                  type="submit"
                  className="btn"
                  disabled={test.isPending || !to.trim()}
                  data-testid="smtp-test"
                >
                  {test.isPending ? t("dist.test.sending") : t("dist.test.send")}
                </button>
              </div>
            )}
          </Field>
          {test.error && !fieldError(test.error, "to") && <ErrorNotice error={test.error} />}
          {test.data && <TestResult result={test.data} testId="smtp-test-result" />}
        </form>
      )}
    </section>
  );
}
