import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type {
  ZAlertRule,
  ZAlertRuleInput,
  ZDelivery,
  ZDigest,
  ZDigestContent,
  ZDigestInput,
  ZEarlyWarning,
  ZWarningRule,
  ZWarningRuleInput,
} from "../../../src/alerts/schema.js";
import { api } from "../api/client.js";
import type { Page } from "../api/types.js";

export type AlertRule = z.infer<typeof ZAlertRule>;
export type AlertRuleInput = z.input<typeof ZAlertRuleInput>;
export type Digest = z.infer<typeof ZDigest>;
export type DigestInput = z.input<typeof ZDigestInput>;
export type DigestContent = z.infer<typeof ZDigestContent>;
export type WarningRule = z.infer<typeof ZWarningRule>;
export type WarningRuleInput = z.input<typeof ZWarningRuleInput>;
export type EarlyWarning = z.infer<typeof ZEarlyWarning>;
export type Delivery = z.infer<typeof ZDelivery>;
export type TestResult = { channel: string; target: string; ok: boolean; detail: string | null };

/** List, create, update and delete for one kind of alert setting. */
function useSettings<T extends { id: string }, I>(key: string, path: string) {
  const qc = useQueryClient();
  const list = useQuery({
    queryKey: [key],
    queryFn: async () => (await api.get<{ items: T[] }>(path)).items,
  });
  const done = () => void qc.invalidateQueries({ queryKey: [key] });
  const create = useMutation({ mutationFn: (input: I) => api.post<T>(path, input), onSuccess: done });
  const update = useMutation({
    mutationFn: ({ id, ...patch }: Partial<I> & { id: string }) => api.patch<T>(`${path}/${id}`, patch),
    onSuccess: done,
  });
  const remove = useMutation({ mutationFn: (id: string) => api.delete(`${path}/${id}`), onSuccess: done });
  return { list, create, update, remove };
}

export const useAlertRules = () =>
  useSettings<AlertRule, AlertRuleInput>("alert-rules", "/api/v1/alerts/rules");
export const useDigests = () => useSettings<Digest, DigestInput>("digests", "/api/v1/alerts/digests");
export const useWarningRules = () =>
  useSettings<WarningRule, WarningRuleInput>("warning-rules", "/api/v1/alerts/warning-rules");

export function useTestAlertRule() {
  return useMutation({
    mutationFn: (id: string) => api.post<{ results: TestResult[] }>(`/api/v1/alerts/rules/${id}/test`),
  });
}

export function useDigestPreview(id: string | null) {
  return useQuery({
    queryKey: ["digest-preview", id],
    queryFn: () => api.get<DigestContent>(`/api/v1/alerts/digests/${id}/preview`),
    enabled: Boolean(id),
  });
}

export function useRunWarningRule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      api.post<{ warnings: EarlyWarning[] }>(`/api/v1/alerts/warning-rules/${id}/run`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ["early-warnings"] }),
  });
}

export function useEarlyWarnings() {
  return useInfiniteQuery({
    queryKey: ["early-warnings"],
    initialPageParam: "",
    queryFn: ({ pageParam }) =>
      api.get<Page<EarlyWarning>>("/api/v1/alerts/warnings", { limit: 10, cursor: pageParam || undefined }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useDeliveries(status: string) {
  return useInfiniteQuery({
    queryKey: ["alert-deliveries", status],
    initialPageParam: "",
    queryFn: ({ pageParam }) =>
      api.get<Page<Delivery>>("/api/v1/alerts/deliveries", {
        status: status || undefined,
        limit: 20,
        cursor: pageParam || undefined,
      }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** "a@x.com, b@y.com" or one per line → a list. */
export const splitList = (s: string) =>
  s
    .split(/[\n,;]/)
    .map((x) => x.trim())
    .filter(Boolean);
