import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api, isApiError } from "../api/client.js";
import type { Member, TRole } from "../api/types.js";
import { useSession } from "../auth/session.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { ErrorNotice, Field, Spinner } from "../ui/components.js";

const ROLES: TRole[] = ["owner", "admin", "analyst", "agent", "viewer"];
const USERS_KEY = ["users"] as const;

export function UsersSection() {
  const { t } = useI18n();
  const me = useSession();
  const queryClient = useQueryClient();
  const users = useQuery({
    queryKey: USERS_KEY,
    queryFn: async () => (await api.get<{ items: Member[] }>("/api/v1/users")).items,
  });
  const [adding, setAdding] = useState(false);
  const [form, setForm] = useState({ name: "", email: "", password: "", role: "analyst" as TRole });
  const add = useMutation({
    mutationFn: () => api.post<{ id: string }>("/api/v1/users", form),
    onSuccess: async () => {
      setForm({ name: "", email: "", password: "", role: "analyst" });
      setAdding(false);
      await queryClient.invalidateQueries({ queryKey: USERS_KEY });
    },
  });
  const fieldError = (f: string) =>
    isApiError(add.error) && add.error.field === f ? add.error.detail : null;
  const otherError = add.error && !["name", "email", "password", "role"].some(fieldError);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
  };

  return (
    <section className="card">
      <div className="card-head">
        <h2 className="card-title">{t("settings.users")}</h2>
        {!adding && (
          <button
            type="button"
            className="btn btn-small"
            onClick={() => setAdding(true)}
            data-testid="add-user"
          >
            + {t("settings.addUser")}
          </button>
        )}
      </div>
      {users.isPending ? (
        <Spinner />
      ) : users.error ? (
        <ErrorNotice error={users.error} onRetry={() => users.refetch()} />
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="users">
            <thead>
              <tr>
                <th>{t("settings.userName")}</th>
                <th>{t("settings.email")}</th>
                <th>{t("settings.role")}</th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((u) => (
                <tr key={u.id}>
                  <td>
                    {u.name}
                    {u.id === me.user?.id && <span className="muted small"> ({t("settings.you")})</span>}
                  </td>
                  <td>{u.email}</td>
                  <td>
                    <span className="badge">
                      {ROLES.includes(u.role as TRole) ? t(`role.${u.role as TRole}`) : u.role}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="field-hint">{t("settings.rolesHint")}</p>
      {adding && (
        <form className="form-grid inset" onSubmit={submit}>
          <Field label={t("settings.userName")} error={fieldError("name")}>
            {(id, invalid) => (
              <input
                id={id}
                value={form.name}
                onChange={(e) => setForm({ ...form, name: e.target.value })}
                aria-invalid={invalid}
                autoComplete="off"
              />
            )}
          </Field>
          <Field label={t("settings.email")} error={fieldError("email")}>
            {(id, invalid) => (
              <input
                id={id}
                type="email"
                value={form.email}
                onChange={(e) => setForm({ ...form, email: e.target.value })}
                aria-invalid={invalid}
                autoComplete="off"
              />
            )}
          </Field>
          <Field
            label={t("settings.password")}
            hint={t("settings.passwordHint")}
            error={fieldError("password")}
          >
            {(id, invalid) => (
              <input
                id={id}
                type="password"
                value={form.password}
                onChange={(e) => setForm({ ...form, password: e.target.value })}
                aria-invalid={invalid}
                autoComplete="new-password"
              />
            )}
          </Field>
          <Field label={t("settings.role")} error={fieldError("role")}>
            {(id) => (
              <select
                id={id}
                value={form.role}
                onChange={(e) => setForm({ ...form, role: e.target.value as TRole })}
              >
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {t(`role.${r}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div className="form-actions span-2">
            {otherError && <ErrorNotice error={add.error} />}
            <button type="button" className="btn" onClick={() => setAdding(false)}>
              {t("common.cancel")}
            </button>
            <button type="submit" className="btn btn-primary" disabled={add.isPending}>
              {t("settings.addUser")}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
