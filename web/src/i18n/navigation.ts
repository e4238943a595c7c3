import type { Message } from "./I18nProvider.js";

/** Messages of the sidebar (section groups, the phone menu button), merged into en.ts and ru.ts. */
export const navigationEn = {
  "nav.group.feedback": "Feedback",
  "nav.group.analytics": "Analytics",
  "nav.group.business": "Business",
  "nav.group.setup": "Setup",
  "nav.inbox": "Inbox",
  "nav.openMenu": "Open menu",
  "nav.closeMenu": "Close menu",
  "nav.skip": "Skip to content",
  "nav.account": "Account",
};

export const navigationRu: Record<keyof typeof navigationEn, Message> = {
  "nav.group.feedback": "Обратная связь",
  "nav.group.analytics": "Аналитика",
  "nav.group.business": "Бизнес",
  "nav.group.setup": "Настройка",
  "nav.inbox": "Входящие",
  "nav.openMenu": "Открыть меню",
  "nav.closeMenu": "Закрыть меню",
  "nav.skip": "Перейти к содержимому",
  "nav.account": "Учётная запись",
};
