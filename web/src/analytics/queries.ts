import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type Query } from "../api/client.js";
import type { CompareResult, MetricName, MetricResult, PortfolioResult, Segment } from "../api/types.js";

export const analyticsKeys = {
  segments: ["segments"] as const,
  attributes: (surveyId?: string) => ["attributes", surveyId ?? null] as const,
};

/** What narrows a metric besides survey, question and period: a saved segment and/or filter text. */
export interface ScopeFilter {
  segmentId?: string;
  filter?: string;
}

export function useSegments() {
  return useQuery({
    queryKey: analyticsKeys.segments,
    queryFn: async () => (await api.get<{ items: Segment[] }>("/api/v1/segments")).items,
  });
}

export interface SegmentInput {
  name: string;
  filter: string;
}

export function useSaveSegment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id?: string; input: SegmentInput }) =>
      id ? api.patch<Segment>(`/api/v1/segments/${id}`, input) : api.post<Segment>("/api/v1/segments", input),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: analyticsKeys.segments });
      // Scores computed with a segment whose filter changed are out of date.
      await qc.invalidateQueries({ queryKey: ["metric"] });
      await qc.invalidateQueries({ queryKey: ["segment-preview"] });
    },
  });
}

export function useDeleteSegment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/v1/segments/${id}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: analyticsKeys.segments }),
  });
}

/** Attribute names seen on the answers (of a survey) and their customers' profiles, most common first. */
export function useAttributeKeys(surveyId?: string) {
  return useQuery({
    queryKey: analyticsKeys.attributes(surveyId),
    queryFn: async () =>
      (await api.get<{ items: { key: string; n: number }[] }>("/api/v1/metrics/attributes", { surveyId }))
        .items,
    staleTime: 5 * 60_000,
    retry: false,
  });
}

/** A workspace-wide score for a filter or saved segment (the segment preview). */
export function useSegmentPreview(
  metric: MetricName,
  scope: ScopeFilter & { from: string; to: string },
  enabled = true,
) {
  return useQuery({
    queryKey: ["segment-preview", metric, scope],
    queryFn: ({ signal }) =>
      api.get<MetricResult>(`/api/v1/metrics/${metric}`, { ...scope, top: 1 }, { signal }),
    enabled: enabled && Boolean(scope.segmentId || scope.filter),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export interface CompareParams extends Query {
  surveyId: string;
  questionId: string;
  from: string;
  to: string;
  splitAt?: string;
  a?: string;
  b?: string;
  aSegmentId?: string;
  bSegmentId?: string;
}

export function useCompare(metric: MetricName, p: CompareParams | null) {
  return useQuery({
    queryKey: ["compare", metric, p],
    queryFn: ({ signal }) => {
      if (!p) throw new Error("nothing to compare");
      return api.get<CompareResult>(`/api/v1/metrics/${metric}/compare`, p, { signal });
    },
    enabled: p !== null,
    placeholderData: keepPreviousData,
  });
}

export interface PortfolioParams extends Query {
  by: string;
  metrics: string;
  from: string;
  to: string;
  surveyId?: string;
  segmentId?: string;
  filter?: string;
}

export function usePortfolio(p: PortfolioParams | null) {
  return useQuery({
    queryKey: ["portfolio", p],
    queryFn: ({ signal }) => {
      if (!p) throw new Error("no portfolio");
      return api.get<PortfolioResult>("/api/v1/metrics/portfolio", p, { signal });
    },
    enabled: p !== null,
    placeholderData: keepPreviousData,
  });
}
