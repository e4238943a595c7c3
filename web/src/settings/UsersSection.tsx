import { useState } from "react";
import type { TRole } from "../api/types.js";
import { useSession } from "../auth/session.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { ErrorNotice, Spinner } from "../ui/components.js";
import { MoreButton } from "../ui/MoreButton.js";
import { AddUserForm } from "./AddUserForm.js";
import { MemberRow } from "./MemberRow.js";
import {
  type MemberItem,
  memberErrorText,
  useChangeRole,
  useMemberPages,
  useRemoveMember,
} from "./members-queries.js";

export function UsersSection() {
  const { t } = useI18n();
  const me = useSession();
  const actorIsOwner = me.role === "owner";
  const users = useMemberPages();
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const changeRole = useChangeRole((m) =>
    setNotice(t("members.roleChanged", { name: m.name, role: t(`role.${m.role}`) })),
  );
  const remove = useRemoveMember((m) => setNotice(t("members.removed", { name: m.name })));
  const busy = changeRole.isPending || remove.isPending;
  const actionError = changeRole.error ?? remove.error;
  const items = users.data?.pages.flatMap((p) => p.items) ?? [];

  const onRole = (m: MemberItem, role: TRole) => {
    setNotice(null);
    remove.reset();
    const self = m.id === me.user?.id;
    if (self && role !== "owner" && role !== "admin") {
      if (!window.confirm(t("members.selfRoleConfirm", { role: t(`role.${role}`) }))) return;
    }
    changeRole.mutate({ id: m.id, role });
  };
  const onRemove = (m: MemberItem) => {
    setNotice(null);
    changeRole.reset();
    const question = t("members.removeConfirm", {
      name: m.name,
      email: m.email,
      workspace: me.workspace.name,
    });
    if (window.confirm(question)) remove.mutate(m);
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
      ) : items.length === 0 ? (
        <p className="muted">{t("members.empty")}</p>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table members-table" data-testid="users">
              <thead>
                <tr>
                  <th>{t("settings.userName")}</th>
                  <th className="member-email">{t("settings.email")}</th>
                  <th>{t("settings.role")}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {items.map((m) => (
                  <MemberRow
                    key={m.id}
                    member={m}
                    isSelf={m.id === me.user?.id}
                    actorIsOwner={actorIsOwner}
                    busy={busy}
                    onRole={(role) => onRole(m, role)}
                    onRemove={() => onRemove(m)}
                  />
                ))}
              </tbody>
            </table>
          </div>
          {(users.hasNextPage || items.length > 50) && (
            <div className="list-footer">
              <span className="muted small">{t("members.shown", { count: items.length })}</span>
              <MoreButton pages={users} label={t("members.more")} className="btn" testId="users-more" />
            </div>
          )}
        </>
      )}
      {actionError ? (
        <div className="notice notice-error" role="alert" data-testid="users-error">
          <span>{memberErrorText(t, actionError)}</span>
        </div>
      ) : (
        notice && (
          <p className="success-text" role="status" data-testid="users-notice">
            {notice}
          </p>
        )
      )}
      <p className="field-hint">{t("settings.rolesHint")}</p>
      {adding && <AddUserForm actorIsOwner={actorIsOwner} onClose={() => setAdding(false)} />}
    </section>
  );
}
