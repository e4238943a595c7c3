import type { TRole } from "../api/types.js";
import { useI18n } from "../i18n/I18nProvider.js";
import type { MemberItem } from "./members-queries.js";

export const ROLES: TRole[] = ["owner", "admin", "analyst", "agent", "viewer"];

/**
 * One user of the workspace with their role picker and remove button. Owner-related choices are
 * disabled for non-owners (the server refuses them anyway); the user cannot remove themselves here.
 */
export function MemberRow({
  member,
  isSelf,
  actorIsOwner,
  busy,
  onRole,
  onRemove,
}: {
  member: MemberItem;
  isSelf: boolean;
  actorIsOwner: boolean;
  busy: boolean;
  onRole: (role: TRole) => void;
  onRemove: () => void;
}) {
  const { t } = useI18n();
  const lockedOwner = member.role === "owner" && !actorIsOwner;
  return (
    <tr data-testid="user-row" data-email={member.email}>
      <td>
        {member.name}
        {isSelf && <span className="muted small"> ({t("settings.you")})</span>}
        <div className="member-email-inline muted small">{member.email}</div>
      </td>
      <td className="member-email">{member.email}</td>
      <td>
        <select
          className="member-role"
          value={member.role}
          aria-label={t("members.roleOf", { name: member.name })}
          title={lockedOwner ? t("members.ownerOnly") : undefined}
          disabled={busy || lockedOwner}
          onChange={(e) => onRole(e.target.value as TRole)}
          data-testid="user-role"
        >
          {ROLES.map((r) => (
            <option key={r} value={r} disabled={r === "owner" && !actorIsOwner}>
              {t(`role.${r}`)}
            </option>
          ))}
        </select>
      </td>
      <td className="num">
        {!isSelf && (
          <button
            type="button"
            className="btn btn-small btn-danger-ghost"
            disabled={busy || lockedOwner}
            title={lockedOwner ? t("members.ownerOnly") : undefined}
            aria-label={t("members.removeOf", { name: member.name })}
            onClick={onRemove}
            data-testid="user-remove"
          >
            {t("members.remove")}
          </button>
        )}
      </td>
    </tr>
  );
}
