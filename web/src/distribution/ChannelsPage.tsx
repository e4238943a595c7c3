import { useCan } from "../auth/session.js";
import { useI18n } from "../i18n/I18nProvider.js";
import { EmptyState } from "../ui/components.js";
import { SmsSection } from "./SmsSection.js";
import { SmtpSection } from "./SmtpSection.js";
import { ThrottlingSection } from "./ThrottlingSection.js";

/** Channel settings (admins): SMTP, the SMS provider, and the workspace's contact limits. */
export function ChannelsPage() {
  const { t } = useI18n();
  if (!useCan("admin")) return <EmptyState title={t("dist.tab.channels")}>{t("dist.adminOnly")}</EmptyState>;
  return (
    <div className="dist-channels" data-testid="channels-page">
      <SmtpSection />
      <SmsSection />
      <ThrottlingSection />
    </div>
  );
}
