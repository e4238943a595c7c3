import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api, isApiError } from "../api/client.js";
import type { TRole } from "../api/types.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { ErrorNotice, Field } from "../ui/components.js";
import { ROLES } from "./MemberRow.js";
import { USERS_KEY } from "./members-queries.js";

const EMPTY = { name: "", email: "", password: "", role: "analyst" as TRole };

export function AddUserForm({ actorIsOwner, onClose }: { actorIsOwner: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [form, setForm] = useState(EMPTY);
  const add = useMutation({
    mutationFn: () => api.post<{ id: string }>("/api/v1/users", form),
    onSuccess: async () => {
      setForm(EMPTY);
      onClose();
      await queryClient.invalidateQueries({ queryKey: USERS_KEY });
      await queryClient.invalidateQueries({ queryKey: ["members"] });
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
      <Field label={t("settings.password")} hint={t("settings.passwordHint")} error={fieldError("password")}>
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
              <option key={r} value={r} disabled={r === "owner" && !actorIsOwner}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="form-actions span-2">
        {otherError && <ErrorNotice error={add.error} />}
        <button type="button" className="btn" onClick={onClose}>
          {t("common.cancel")}
        </button>
        <button type="submit" className="btn btn-primary" disabled={add.isPending}>
          {t("settings.addUser")}
        </button>
      </div>
    </form>
  );
}
