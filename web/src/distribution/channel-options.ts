import type { I18n } from "../i18n/I18nProvider.js";
import type { Option } from "../ui/FilterSelect.js";

/** The channels an invitation goes through, in the order the filters list them. */
export const CHANNELS = ["email", "sms", "link", "widget"] as const;

export const channelOptions = (t: I18n["t"]): Option[] =>
  CHANNELS.map((c) => ({ value: c, label: t(`dist.channel.${c}`) }));
