import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Navigate, useNavigate, useSearchParams } from "react-router-dom";
import { api, isApiError, setCsrfToken } from "../api/client.js";
import type { Me } from "../api/types.js";
import { LanguageSwitch } from "../app/LanguageSwitch.js";
import { Logo } from "../app/Logo.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { useDocumentTitle } from "../ui/components.js";
import { errorText } from "../ui/errors.js";
import { ME_KEY, safeNext, useMeQuery } from "./session.js";

export function LoginPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const me = useMeQuery();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const next = safeNext(params.get("next"));
  useDocumentTitle(t("login.title"));

  const login = useMutation({
    mutationFn: () => api.post<Me>("/api/v1/auth/login", { email, password }, { quiet401: true }),
    onSuccess: (data) => {
      setCsrfToken(data.csrfToken);
      queryClient.setQueryData(ME_KEY, data);
      navigate(next, { replace: true });
    },
  });

  if (me.data && !login.isPending) return <Navigate to={next} replace />;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate();
  };
  const failure = login.error
    ? isApiError(login.error) && login.error.status === 401
      ? t("login.wrong")
      : isApiError(login.error) && login.error.code === "validation_failed"
        ? t("login.invalidEmail")
        : errorText(t, login.error)
    : null;

  return (
    <div className="login-page">
      <div className="login-lang">
        <LanguageSwitch />
      </div>
      <form className="login-card" onSubmit={submit} noValidate>
        <div className="login-brand">
          <Logo size={40} />
          <div>
            <div className="login-product">Otklik</div>
            <div className="muted small">{t("login.tagline")}</div>
          </div>
        </div>
        <h1>{t("login.title")}</h1>
        <label className="field">
          <span className="field-label">{t("login.email")}</span>
          <input
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            data-testid="login-email"
            aria-invalid={Boolean(failure)}
          />
        </label>
        <label className="field">
          <span className="field-label">{t("login.password")}</span>
          <input
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            data-testid="login-password"
            aria-invalid={Boolean(failure)}
          />
        </label>
        {failure && (
          <p className="notice notice-error" role="alert" data-testid="login-error">
            {failure}
          </p>
        )}
        <button
          type="submit"
          className="btn btn-primary btn-block"
          disabled={login.isPending || !email || !password}
          data-testid="login-submit"
        >
          {login.isPending ? t("login.signingIn") : t("login.submit")}
        </button>
      </form>
    </div>
  );
}
