import { type FormEvent, useEffect, useState } from "react";
import { useI18n } from "../i18n/I18nProvider.js";
import { ErrorNotice, Field, Spinner } from "../ui/components.js";
import { fieldError, unplaced } from "./field-errors.js";
import { useChannelTest, useSaveSms, useSms } from "./queries.js";
import { TestResult } from "./TestResult.js";
import type { SmsProvider } from "./types.js";

const FIELDS = ["url", "method", "headers", "bodyTemplate", "text"];
const METHODS = ["POST", "PUT", "GET"] as const;

const formOf = (s: SmsProvider | null) => ({
  url: s?.url ?? "",
  method: s?.method ?? "POST",
  headers: "",
  bodyTemplate: s?.bodyTemplate ?? '{"to":"{{phone}}","text":"{{text}}"}',
  textRu: s?.text?.ru ?? "",
  textEn: s?.text?.en ?? "",
});

/** `Name: value` lines as a header map; lines without a colon are sent as names so the server names them. */
function parseHeaders(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    const colon = line.indexOf(":");
    if (colon < 0) out[line.trim()] = "";
    else out[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return out;
}

/** The HTTP provider for SMS and messengers, with a test message. */
export function SmsSection() {
  const { t } = useI18n();
  const sms = useSms();
  const save = useSaveSms();
  const test = useChannelTest("sms");
  const [form, setForm] = useState(formOf(null));
  const [phone, setPhone] = useState("");
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (sms.data !== undefined) setForm(formOf(sms.data));
  }, [sms.data]);

  if (sms.isPending) return <Spinner />;
  if (sms.error) return <ErrorNotice error={sms.error} onRetry={() => sms.refetch()} />;
  const set = (patch: Partial<typeof form>) => {
    setSaved(false);
    setForm((f) => ({ ...f, ...patch }));
  };
  const err = (f: string) => fieldError(save.error, f);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const text = {
      ...(form.textRu.trim() ? { ru: form.textRu } : {}),
      ...(form.textEn.trim() ? { en: form.textEn } : {}),
    };
    save.mutate(
      {
        url: form.url,
        method: form.method,
        // Left empty: the stored headers (credentials) are kept.
        ...(form.headers.trim() ? { headers: parseHeaders(form.headers) } : {}),
        bodyTemplate: form.bodyTemplate,
        ...(Object.keys(text).length ? { text } : {}),
      },
      { onSuccess: () => setSaved(true) },
    );
  };

  return (
    <section className="card" data-testid="sms-section">
      <div className="card-head">
        <h2 className="card-title">{t("dist.sms.title")}</h2>
        <span className={`dist-pill${sms.data ? " on" : ""}`}>
          {sms.data ? t("dist.smtp.configured") : t("dist.smtp.notConfigured")}
        </span>
      </div>
      <p className="muted small">{t("dist.sms.hint")}</p>
      {unplaced(save.error, FIELDS) && <ErrorNotice error={save.error} />}
      <form className="form-grid" onSubmit={submit} noValidate>
        <Field label={t("dist.sms.url")} error={err("url")} className="span-2">
          {(id, invalid) => (
            <div className="dist-inline">
              <select
                aria-label={t("dist.sms.method")}
                value={form.method}
                onChange={(e) => set({ method: METHODS.find((m) => m === e.target.value) ?? "POST" })}
              >
                {METHODS.map((m) => (
                  <option key={m}>{m}</option>
                ))}
              </select>
              <input
                id={id}
                className="dist-grow"
                value={form.url}
                onChange={(e) => set({ url: e.target.value })}
                placeholder="https://api.sms-provider.example/v1/messages"
                aria-invalid={invalid}
                data-testid="sms-url"
              />
            </div>
          )}
        </Field>
        <Field
          label={t("dist.sms.headers")}
          hint={
            sms.data?.headerNames.length
              ? t("dist.sms.headersKept", { names: sms.data.headerNames.join(", ") })
              : t("dist.sms.headersHint")
          }
          error={err("headers")}
          className="span-2"
        >
          {(id, invalid) => (
            <textarea
              id={id}
              rows={2}
              value={form.headers}
              onChange={(e) => set({ headers: e.target.value })}
              placeholder="Authorization: Bearer …"
              aria-invalid={invalid}
              spellCheck={false}
            />
          )}
        </Field>
        <Field
          label={t("dist.sms.body")}
          hint={t("dist.sms.bodyHint")}
          error={err("bodyTemplate")}
          className="span-2"
        >
          {(id, invalid) => (
            <textarea
              id={id}
              rows={3}
              className="mono"
              value={form.bodyTemplate}
              onChange={(e) => set({ bodyTemplate: e.target.value })}
              aria-invalid={invalid}
              spellCheck={false}
              data-testid="sms-body"
            />
          )}
        </Field>
        <Field label={t("dist.sms.textRu")} hint={t("dist.sms.textHint")} error={err("text.ru")}>
          {(id, invalid) => (
            <textarea
              id={id}
              rows={2}
              value={form.textRu}
              onChange={(e) => set({ textRu: e.target.value })}
              aria-invalid={invalid}
            />
          )}
        </Field>
        <Field label={t("dist.sms.textEn")} error={err("text.en")}>
          {(id, invalid) => (
            <textarea
              id={id}
              rows={2}
              value={form.textEn}
              onChange={(e) => set({ textEn: e.target.value })}
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
          {sms.data && (
            <button
              type="button"
              className="btn btn-ghost"
              disabled={save.isPending}
              onClick={() => window.confirm(t("dist.sms.removeConfirm")) && save.mutate(null)}
            >
              {t("dist.smtp.remove")}
            </button>
          )}
          <button type="submit" className="btn btn-primary" disabled={save.isPending} data-testid="sms-save">
            {save.isPending ? t("common.saving") : t("common.save")}
          </button>
        </div>
      </form>
      {sms.data && (
        <form
          className="inset dist-test"
          onSubmit={(e) => {
            e.preventDefault();
            test.mutate({ phone: phone.trim() });
          }}
        >
          <Field label={t("dist.sms.testPhone")} error={fieldError(test.error, "phone")}>
            {(id, invalid) => (
              <div className="dist-inline">
                <input
                  id={id}
                  type="tel"
                  value={phone}
                  onChange={(e) => setPhone(e.target.value)}
                  placeholder="+79990001122"
                  aria-invalid={invalid}
                  data-testid="sms-test-phone"
                />
                <button
                  type="submit"
                  className="btn"
                  disabled={test.isPending || !phone.trim()}
                  data-testid="sms-test"
                >
                  {test.isPending ? t("dist.test.sending") : t("dist.test.send")}
                </button>
              </div>
            )}
          </Field>
          {test.error && !fieldError(test.error, "phone") && <ErrorNotice error={test.error} />}
          {test.data && <TestResult result={test.data} testId="sms-test-result" />}
        </form>
      )}
    </section>
  );
}
