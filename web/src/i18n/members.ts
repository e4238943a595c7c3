import type { Message } from "./I18nProvider.js";

/** Messages of members management and the workspace switcher, merged into en.ts and ru.ts. */
export const membersEn = {
  "members.roleOf": "Role of {name}",
  "members.remove": "Remove",
  "members.removeOf": "Remove {name}",
  "members.removeConfirm":
    "Remove {name} ({email}) from “{workspace}”? They are signed out of this workspace at once; their other workspaces stay.",
  "members.selfRoleConfirm": "Change your own role to “{role}”? You may lose access to these settings.",
  "members.removed": "{name} was removed from the workspace.",
  "members.roleChanged": "{name} is now: {role}.",
  "members.ownerOnly": "Only an owner can grant or take away the owner role and remove owners.",
  "members.lastOwner": "The workspace must keep at least one owner: make another member owner first.",
  "members.empty": "No users yet.",
  "members.shown": { one: "{count} user shown", other: "{count} users shown" },
  "members.more": "Show more",
  "switcher.label": "Workspace",
  "switcher.switching": "Switching…",
  "switcher.failed": "Could not switch the workspace: {reason}",
};

export const membersRu: Record<keyof typeof membersEn, Message> = {
  "members.roleOf": "Роль пользователя {name}",
  "members.remove": "Удалить",
  "members.removeOf": "Удалить пользователя {name}",
  "members.removeConfirm":
    "Удалить {name} ({email}) из «{workspace}»? Доступ к этому пространству закроется сразу; другие пространства останутся.",
  "members.selfRoleConfirm": "Сменить свою роль на «{role}»? Вы можете потерять доступ к этим настройкам.",
  "members.removed": "Пользователь {name} удалён из пространства.",
  "members.roleChanged": "Новая роль пользователя {name}: {role}.",
  "members.ownerOnly": "Назначать и снимать владельцев и удалять их может только владелец.",
  "members.lastOwner":
    "В пространстве должен остаться хотя бы один владелец: сначала назначьте владельцем другого.",
  "members.empty": "Пользователей пока нет.",
  "members.shown": {
    one: "Показан {count} пользователь",
    few: "Показано {count} пользователя",
    many: "Показано {count} пользователей",
    other: "Показано {count} пользователя",
  },
  "members.more": "Показать ещё",
  "switcher.label": "Рабочее пространство",
  "switcher.switching": "Переключаем…",
  "switcher.failed": "Не удалось переключить пространство: {reason}",
};
