import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import { api, request } from "../api/client.js";
import type {
  DistSettings,
  Invitation,
  OutboxItem,
  RateGroup,
  RateRow,
  SmsProvider,
  SmsProviderInput,
  Smtp,
  SmtpInput,
  TestResult,
  Trigger,
  TriggerInput,
  WidgetInfo,
} from "./types.js";

export const distKeys = {
  triggers: ["dist-triggers"] as const,
  trigger: (id: string) => ["dist-triggers", id] as const,
  settings: ["dist-settings"] as const,
  smtp: ["dist-smtp"] as const,
  sms: ["dist-sms"] as const,
  widget: ["dist-widget"] as const,
  invitations: (q: object) => ["dist-invitations", q] as const,
  outbox: ["dist-outbox"] as const,
  rates: (q: object) => ["dist-rates", q] as const,
};

export function useTriggers() {
  return useQuery({
    queryKey: distKeys.triggers,
    queryFn: async () => (await api.get<{ items: Trigger[] }>("/api/v1/triggers")).items,
  });
}

export function useTrigger(id: string | undefined) {
  return useQuery({
    queryKey: distKeys.trigger(id ?? ""),
    queryFn: () => api.get<Trigger>(`/api/v1/triggers/${id}`),
    enabled: Boolean(id),
  });
}

/** Creates (no id) or replaces a trigger; the list is fetched again afterwards. */
export function useSaveTrigger(id: string | undefined) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: TriggerInput) =>
      id ? api.patch<Trigger>(`/api/v1/triggers/${id}`, input) : api.post<Trigger>("/api/v1/triggers", input),
    onSuccess: () => qc.invalidateQueries({ queryKey: distKeys.triggers }),
  });
}

export function useToggleTrigger() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (t: { id: string; enabled: boolean }) =>
      api.patch<Trigger>(`/api/v1/triggers/${t.id}`, { enabled: t.enabled }),
    onSuccess: () => qc.invalidateQueries({ queryKey: distKeys.triggers }),
  });
}

export function useDeleteTrigger() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/v1/triggers/${id}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: distKeys.triggers }),
  });
}

export function useDistSettings() {
  return useQuery({
    queryKey: distKeys.settings,
    queryFn: () => api.get<DistSettings>("/api/v1/distribution/settings"),
  });
}

export function useSaveDistSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: Partial<Omit<DistSettings, "widgetKey">>) =>
      api.patch<DistSettings>("/api/v1/distribution/settings", patch),
    onSuccess: (data) => {
      qc.setQueryData(distKeys.settings, data);
      return qc.invalidateQueries({ queryKey: distKeys.widget });
    },
  });
}

export function useSmtp() {
  return useQuery({
    queryKey: distKeys.smtp,
    queryFn: async () => (await api.get<{ smtp: Smtp | null }>("/api/v1/distribution/smtp")).smtp,
  });
}

export function useSaveSmtp() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (input: SmtpInput | null) => {
      if (!input) return void (await api.delete("/api/v1/distribution/smtp"));
      await request<{ smtp: Smtp }>("PUT", "/api/v1/distribution/smtp", { body: input });
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: distKeys.smtp }),
  });
}

export function useSms() {
  return useQuery({
    queryKey: distKeys.sms,
    queryFn: async () => (await api.get<{ sms: SmsProvider | null }>("/api/v1/distribution/sms")).sms,
  });
}

export function useSaveSms() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (input: SmsProviderInput | null) => {
      if (!input) return void (await api.delete("/api/v1/distribution/sms"));
      await request<{ sms: SmsProvider }>("PUT", "/api/v1/distribution/sms", { body: input });
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: distKeys.sms }),
  });
}

export function useChannelTest(channel: "smtp" | "sms") {
  return useMutation({
    mutationFn: (body: { to: string; language?: string } | { phone: string; text?: string }) =>
      api.post<TestResult>(`/api/v1/distribution/${channel}/test`, body),
  });
}

export function useWidgetInfo() {
  return useQuery({
    queryKey: distKeys.widget,
    queryFn: () => api.get<WidgetInfo>("/api/v1/distribution/widget"),
  });
}

export function useRotateWidgetKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ widgetKey: string }>("/api/v1/distribution/widget/rotate-key"),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: distKeys.widget });
      await qc.invalidateQueries({ queryKey: distKeys.settings });
    },
  });
}

export interface InvitationQuery {
  status?: string;
  channel?: string;
  surveyId?: string;
  customer?: string;
}

/** Invitations newest first, a page of 50 at a time. */
export function useInvitations(q: InvitationQuery) {
  return useInfiniteQuery({
    queryKey: distKeys.invitations(q),
    initialPageParam: "",
    queryFn: ({ pageParam, signal }) =>
      api.get<{ items: Invitation[]; nextCursor: string | null }>(
        "/api/v1/invitations",
        { ...q, limit: 50, cursor: pageParam || undefined },
        { signal },
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useOutbox() {
  return useInfiniteQuery({
    queryKey: distKeys.outbox,
    initialPageParam: "",
    queryFn: ({ pageParam, signal }) =>
      api.get<{ items: OutboxItem[]; nextCursor: string | null }>(
        "/api/v1/outbox",
        { limit: 25, cursor: pageParam || undefined },
        { signal },
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export interface RatesQuery {
  groupBy: RateGroup;
  from: string;
  to: string;
  channel?: string;
  surveyId?: string;
}

export function useRates(q: RatesQuery) {
  return useQuery({
    queryKey: distKeys.rates(q),
    queryFn: ({ signal }) =>
      api.get<{ groupBy: string; items: RateRow[] }>("/api/v1/invitations/rates", { ...q }, { signal }),
    placeholderData: keepPreviousData,
  });
}
