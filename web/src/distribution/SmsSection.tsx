import { useI18n } from "../i18n/I18nProvider.js";
import { ErrorNotice, Field, Spinner } from "../ui/components.js";
import { fieldError } from "../ui/errors.js";
import { useSettingsForm } from "../ui/use-settings-form.js";
import { ChannelSettings } from "./ChannelSettings.js";
import { useChannelTest, useSaveSms, useSms } from "./queries.js";
import { TestSendForm } from "./TestSendForm.js";
import type { SmsProvider } from "./types.js";

const FIELDS = ["url", "method", "headers", "bodyTemplate", "text"];
const METHODS = ["POST", "PUT", "GET"] as const;

const formOf = (s: SmsProvider | null | undefined) => ({
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
  const { form, set, saved, setSaved } = useSettingsForm(sms.data, formOf);

  if (sms.isPending) return <Spinner />;
  if (sms.error) return <ErrorNotice error={sms.error} onRetry={() => sms.refetch()} />;
  const err = (f: string) => fieldError(save.error, f);
  const submit = () => {
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
    <ChannelSettings
      testId="sms-section"
      title={t("dist.sms.title")}
      hint={t("dist.sms.hint")}
      configured={Boolean(sms.data)}
      fields={FIELDS}
      saveError={save.error}
      pending={save.isPending}
      saved={saved}
      onSubmit={submit}
      saveTestId="sms-save"
      removeConfirm={t("dist.sms.removeConfirm")}
      onRemove={() => save.mutate(null)}
      test={
        <TestSendForm
          label={t("dist.sms.testPhone")}
          field="phone"
          type="tel"
          placeholder="+79990001122"
          testId="sms"
          inputTestId="sms-test-phone"
          test={test}
          onSend={(phone) => test.mutate({ phone })}
        />
      }
    >
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
    </ChannelSettings>
  );
}
