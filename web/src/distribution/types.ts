/** Distribution API types, derived from the server's zod schemas by type-only imports. */
import type { z } from "zod";
import type {
  ZInvitation,
  ZOutboxItem,
  ZRateRow,
  ZSettings,
  ZSmsProvider,
  ZSmsProviderInput,
  ZSmtp,
  ZSmtpInput,
  ZTrigger,
  ZTriggerInput,
} from "../../../src/distribution/schema.js";

export type {
  TDistChannel as Channel,
  TInvitationStatus as InvitationStatus,
  TQuietHours as QuietHours,
  TRateGroup as RateGroup,
  TRuleCondition as RuleCondition,
  TTriggerRule as TriggerRule,
} from "../../../src/distribution/schema.js";

export type Trigger = z.infer<typeof ZTrigger>;
export type TriggerInput = z.input<typeof ZTriggerInput>;
export type Invitation = z.infer<typeof ZInvitation> & { customerExternalId: string | null };
export type OutboxItem = z.infer<typeof ZOutboxItem>;
export type RateRow = z.infer<typeof ZRateRow>;
export type DistSettings = z.infer<typeof ZSettings> & { widgetKey: string };
export type Smtp = z.infer<typeof ZSmtp>;
export type SmtpInput = z.input<typeof ZSmtpInput>;
export type SmsProvider = z.infer<typeof ZSmsProvider>;
export type SmsProviderInput = z.input<typeof ZSmsProviderInput>;
export interface TestResult {
  ok: boolean;
  response: string;
}
export interface WidgetInfo {
  widgetKey: string;
  allowedOrigins: string[];
  snippet: string;
}
