import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useContext, useEffect } from "react";
import { Navigate, useLocation, useNavigate } from "react-router-dom";
import { api, isApiError, setCsrfToken } from "../api/client.js";
import type { Me, TScope } from "../api/types.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { ErrorNotice, Spinner } from "../ui/components.js";

export const ME_KEY = ["me"] as const;

async function fetchMe(): Promise<Me> {
  const me = await api.get<Me>("/api/v1/auth/me", undefined, { quiet401: true });
  setCsrfToken(me.csrfToken);
  return me;
}

/** The signed-in user and workspace; a 401 means "not signed in". */
export function useMeQuery() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, retry: false, staleTime: 5 * 60_000 });
}

const SessionContext = createContext<Me | null>(null);

export function useSession(): Me {
  const me = useContext(SessionContext);
  if (!me) throw new Error("useSession outside RequireAuth");
  return me;
}

export function useCan(scope: TScope): boolean {
  return useSession().scopes.includes(scope);
}

/** Where the login page should send the user back to (only paths of this app). */
export function safeNext(next: string | null): string {
  return next?.startsWith("/") && !next.startsWith("//") && !next.startsWith("/login") ? next : "/surveys";
}

export function loginPath(location: { pathname: string; search: string }): string {
  const here = location.pathname + location.search;
  return here === "/" || here.startsWith("/login") ? "/login" : `/login?next=${encodeURIComponent(here)}`;
}

/** Renders its children for a signed-in user; otherwise sends them to the login page. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const me = useMeQuery();
  const location = useLocation();
  const { setDefaultLang, setTimeZone } = useI18n();

  useEffect(() => {
    if (!me.data) return;
    setDefaultLang(me.data.workspace.defaultLanguage);
    setTimeZone(me.data.workspace.timeZone);
  }, [me.data, setDefaultLang, setTimeZone]);

  if (me.isPending)
    return (
      <div className="page-center">
        <Spinner />
      </div>
    );
  if (me.error) {
    if (isApiError(me.error) && me.error.status === 401) return <Navigate to={loginPath(location)} replace />;
    return (
      <div className="page-center">
        <ErrorNotice error={me.error} onRetry={() => me.refetch()} />
      </div>
    );
  }
  return <SessionContext.Provider value={me.data}>{children}</SessionContext.Provider>;
}

export function useSignOut() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return async () => {
    try {
      await api.post("/api/v1/auth/logout", undefined, { quiet401: true });
    } finally {
      setCsrfToken(null);
      navigate("/login", { replace: true });
      queryClient.clear();
    }
  };
}
