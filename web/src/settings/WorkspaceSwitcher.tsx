import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useLocation, useNavigate } from "react-router-dom";
import { api } from "../api/client.js";
import type { Me } from "../api/types.js";
import { ME_KEY, useSession } from "../auth/session.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { errorText } from "../ui/errors.js";
import "./settings.css";

/**
 * The workspace's name in the header, or a picker when the user belongs to several. Switching moves
 * the session on the server, then drops every cached query: each number on screen belonged to the old
 * workspace. The page goes back to its section's top (an open survey is not in the new workspace).
 */
export function WorkspaceSwitcher() {
  const { t } = useI18n();
  const me = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const switchTo = useMutation({
    mutationFn: (workspaceId: string) => api.post<Me>("/api/v1/auth/switch", { workspaceId }),
    onSuccess: async () => {
      const section = location.pathname.split("/")[1] || "surveys";
      navigate(`/${section}`);
      await queryClient.cancelQueries();
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
      // The session query goes back to "loading": the app unmounts and mounts again on the new workspace.
      await queryClient.resetQueries({ queryKey: ME_KEY });
    },
  });

  if (me.workspaces.length < 2) {
    return (
      <span className="workspace-name" title={me.workspace.name}>
        {me.workspace.name}
      </span>
    );
  }
  return (
    <div className="workspace-switcher">
      <select
        value={me.workspace.id}
        aria-label={t("switcher.label")}
        title={switchTo.isPending ? t("switcher.switching") : me.workspace.name}
        disabled={switchTo.isPending}
        aria-busy={switchTo.isPending}
        onChange={(e) => switchTo.mutate(e.target.value)}
        data-testid="workspace-switcher"
      >
        {me.workspaces.map((w) => (
          <option key={w.id} value={w.id}>
            {w.name}
          </option>
        ))}
      </select>
      {switchTo.error && (
        <span className="workspace-switch-error" role="alert">
          {t("switcher.failed", { reason: errorText(t, switchTo.error) })}
        </span>
      )}
    </div>
  );
}
