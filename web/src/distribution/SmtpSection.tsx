import { useI18n } from "../i18n/I18nProvider.js";
import { ErrorNotice, Field, Spinner } from "../ui/components.js";
import { fieldError } from "../ui/errors.js";
import { useSettingsForm } from "../ui/use-settings-form.js";
import { ChannelSettings } from "./ChannelSettings.js";
import { useChannelTest, useSaveSmtp, useSmtp } from "./queries.js";
import { TestSendForm } from "./TestSendForm.js";
import type { Smtp } from "./types.js";

const FIELDS = ["host", "port", "secure", "user", "password", "from", "replyTo"];

const formOf = (s: Smtp | null | undefined) => ({
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
  const { form, set, saved, setSaved } = useSettingsForm(smtp.data, formOf);

  if (smtp.isPending) return <Spinner />;
  if (smtp.error) return <ErrorNotice error={smtp.error} onRetry={() => smtp.refetch()} />;
  const err = (f: string) => fieldError(save.error, f);
  const submit = () => {
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
    <ChannelSettings
      testId="smtp-section"
      title={t("dist.smtp.title")}
      hint={t("dist.smtp.hint")}
      configured={Boolean(smtp.data)}
      fields={FIELDS}
      saveError={save.error}
      pending={save.isPending}
      saved={saved}
      onSubmit={submit}
      saveTestId="smtp-save"
      removeConfirm={t("dist.smtp.removeConfirm")}
      onRemove={() => save.mutate(null)}
      test={
        <TestSendForm
          label={t("dist.smtp.testTo")}
          field="to"
          type="email"
          placeholder="you@example.com"
          testId="smtp"
          inputTestId="smtp-test-to"
          test={test}
          onSend={(to) => test.mutate({ to, language: lang })}
        />
      }
    >
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
    </ChannelSettings>
  );
}
