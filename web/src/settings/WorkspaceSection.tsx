import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useMemo, useState } from "react";
import { api, isApiError } from "../api/client.js";
import type { Workspace } from "../api/types.js";
import { ME_KEY, useSession } from "../auth/session.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { ErrorNotice, Field } from "../ui/components.js";

function timeZones(): string[] {
  try {
    const list = Intl.supportedValuesOf("timeZone");
    return list.includes("UTC") ? list : ["UTC", ...list];
  } catch {
    return ["UTC", "Europe/Moscow"];
  }
}

export function WorkspaceSection() {
  const { t } = useI18n();
  const me = useSession();
  const queryClient = useQueryClient();
  const ws = me.workspace;
  const [name, setName] = useState(ws.name);
  const [timeZone, setTimeZone] = useState(ws.timeZone);
  const [language, setLanguage] = useState(ws.defaultLanguage);
  const [dims, setDims] = useState(ws.rollupDimensions.join(", "));
  const [done, setDone] = useState(false);
  const zones = useMemo(() => {
    const all = timeZones();
    return all.includes(ws.timeZone) ? all : [ws.timeZone, ...all];
  }, [ws.timeZone]);

  const save = useMutation({
    mutationFn: () =>
      api.patch<Workspace>("/api/v1/workspace", {
        name,
        timeZone,
        defaultLanguage: language,
        rollupDimensions: dims
          .split(",")
          .map((d) => d.trim())
          .filter(Boolean),
      }),
    onMutate: () => setDone(false),
    onSuccess: async () => {
      setDone(true);
      await queryClient.invalidateQueries({ queryKey: ME_KEY });
      // Periods and groupings follow the workspace's time zone: every number may change.
      await queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
    },
  });
  const fieldError = (f: string) =>
    isApiError(save.error) && save.error.field?.startsWith(f) ? save.error.detail : null;
  const otherError =
    save.error && !["name", "timeZone", "defaultLanguage", "rollupDimensions"].some(fieldError);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };

  return (
    <section className="card">
      <h2 className="card-title">{t("settings.workspace")}</h2>
      <form className="form-grid" onSubmit={submit}>
        <Field label={t("settings.wsName")} error={fieldError("name")} className="span-2">
          {(id, invalid) => (
            <input
              id={id}
              value={name}
              onChange={(e) => setName(e.target.value)}
              aria-invalid={invalid}
              maxLength={200}
            />
          )}
        </Field>
        <Field
          label={t("settings.timeZone")}
          hint={t("settings.timeZoneHint")}
          error={fieldError("timeZone")}
        >
          {(id, invalid) => (
            <select
              id={id}
              value={timeZone}
              onChange={(e) => setTimeZone(e.target.value)}
              aria-invalid={invalid}
              data-testid="workspace-timezone"
            >
              {zones.map((z) => (
                <option key={z} value={z}>
                  {z.replaceAll("_", " ")}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label={t("settings.language")}
          hint={t("settings.languageHint")}
          error={fieldError("defaultLanguage")}
        >
          {(id) => (
            <select
              id={id}
              value={language}
              onChange={(e) => setLanguage(e.target.value)}
              data-testid="workspace-language"
            >
              <option value="ru">{t("lang.ru")}</option>
              <option value="en">{t("lang.en")}</option>
            </select>
          )}
        </Field>
        <Field
          label={t("settings.dimensions")}
          hint={t("settings.dimensionsHint")}
          error={fieldError("rollupDimensions")}
          className="span-2"
        >
          {(id, invalid) => (
            <input
              id={id}
              value={dims}
              onChange={(e) => setDims(e.target.value)}
              placeholder="country, product, channel"
              aria-invalid={invalid}
            />
          )}
        </Field>
        <div className="form-actions span-2">
          {otherError && <ErrorNotice error={save.error} />}
          {done && !save.isPending && (
            <span className="success-text" role="status">
              {t("common.saved")}
            </span>
          )}
          <button
            type="submit"
            className="btn btn-primary"
            disabled={save.isPending}
            data-testid="workspace-save"
          >
            {save.isPending ? t("common.saving") : t("common.save")}
          </button>
        </div>
      </form>
    </section>
  );
}
