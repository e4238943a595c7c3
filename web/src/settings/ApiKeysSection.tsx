import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api, isApiError } from "../api/client.js";
import type { ApiKey, TScope } from "../api/types.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { CopyButton, ErrorNotice, Field, Spinner } from "../ui/components.js";

const SCOPES: TScope[] = [
  "surveys:read",
  "surveys:write",
  "responses:read",
  "responses:write",
  "metrics:read",
  "customers:write",
  "admin",
];
const KEYS_KEY = ["api-keys"] as const;

export function ApiKeysSection() {
  const { t, fmt } = useI18n();
  const queryClient = useQueryClient();
  const keys = useQuery({
    queryKey: KEYS_KEY,
    queryFn: async () => (await api.get<{ items: ApiKey[] }>("/api/v1/api-keys")).items,
  });
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<TScope[]>(["responses:write", "metrics:read"]);
  const [created, setCreated] = useState<{ key: string; name: string } | null>(null);

  const create = useMutation({
    mutationFn: () => api.post<{ key: string; apiKey: ApiKey }>("/api/v1/api-keys", { name, scopes }),
    onSuccess: async (r) => {
      setCreated({ key: r.key, name: r.apiKey.name });
      setName("");
      await queryClient.invalidateQueries({ queryKey: KEYS_KEY });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api.delete(`/api/v1/api-keys/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEYS_KEY }),
  });
  const fieldError = (f: string) =>
    isApiError(create.error) && create.error.field?.startsWith(f) ? create.error.detail : null;
  const otherError = create.error && !fieldError("name") && !fieldError("scopes");

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const toggle = (s: TScope, on: boolean) =>
    setScopes((cur) => SCOPES.filter((x) => (x === s ? on : cur.includes(x))));

  return (
    <section className="card">
      <h2 className="card-title">{t("settings.apiKeys")}</h2>
      <p className="muted small">{t("settings.apiKeysHint")}</p>

      {created && (
        <div className="key-once" role="status" data-testid="new-api-key">
          <div>
            <strong>{t("settings.keyCreated", { name: created.name })}</strong>
            <p className="small">{t("settings.keyOnce")}</p>
          </div>
          <div className="key-value">
            <code data-testid="new-api-key-value">{created.key}</code>
            <CopyButton text={created.key} />
            <button type="button" className="btn btn-small btn-ghost" onClick={() => setCreated(null)}>
              {t("common.done")}
            </button>
          </div>
        </div>
      )}

      {keys.isPending ? (
        <Spinner />
      ) : keys.error ? (
        <ErrorNotice error={keys.error} onRetry={() => keys.refetch()} />
      ) : keys.data.length === 0 ? (
        <p className="muted">{t("settings.noKeys")}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="api-keys">
            <thead>
              <tr>
                <th>{t("settings.keyName")}</th>
                <th>{t("settings.keyPrefix")}</th>
                <th>{t("settings.scopes")}</th>
                <th>{t("settings.created")}</th>
                <th>{t("settings.lastUsed")}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {keys.data.map((k) => (
                <tr key={k.id} className={k.revokedAt ? "revoked" : ""}>
                  <td>{k.name}</td>
                  <td>
                    <code>{k.prefix}…</code>
                  </td>
                  <td className="scopes">
                    {k.scopes.map((s) => (
                      <span key={s} className="chip">
                        {s}
                      </span>
                    ))}
                  </td>
                  <td className="nowrap">{fmt.date(k.createdAt)}</td>
                  <td className="nowrap">{k.lastUsedAt ? fmt.date(k.lastUsedAt) : t("settings.never")}</td>
                  <td className="num">
                    {k.revokedAt ? (
                      <span className="badge badge-archived">{t("settings.revoked")}</span>
                    ) : (
                      <button
                        type="button"
                        className="btn btn-small btn-danger-ghost"
                        disabled={revoke.isPending}
                        onClick={() =>
                          window.confirm(t("settings.revokeConfirm", { name: k.name })) && revoke.mutate(k.id)
                        }
                      >
                        {t("settings.revoke")}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {revoke.error && <ErrorNotice error={revoke.error} />}

      <form className="form-grid inset" onSubmit={submit}>
        <h3 className="span-2">{t("settings.newKey")}</h3>
        <Field label={t("settings.keyName")} error={fieldError("name")} className="span-2">
          {(id, invalid) => (
            <input
              id={id}
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder={t("settings.keyNamePlaceholder")}
              aria-invalid={invalid}
              maxLength={100}
              data-testid="api-key-name"
            />
          )}
        </Field>
        <Field label={t("settings.scopes")} error={fieldError("scopes")} className="span-2">
          {(id) => (
            <div className="chip-checks" id={id}>
              {SCOPES.map((s) => (
                <label key={s} className="chip-check">
                  <input
                    type="checkbox"
                    checked={scopes.includes(s)}
                    onChange={(e) => toggle(s, e.target.checked)}
                  />
                  <span className="mono">{s}</span>
                </label>
              ))}
            </div>
          )}
        </Field>
        <div className="form-actions span-2">
          {otherError && <ErrorNotice error={create.error} />}
          <button
            type="submit"
            className="btn btn-primary"
            disabled={create.isPending}
            data-testid="api-key-create"
          >
            {t("settings.createKey")}
          </button>
        </div>
      </form>
    </section>
  );
}
