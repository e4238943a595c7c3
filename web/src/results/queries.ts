import { keepPreviousData, queryOptions, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { api, type Query } from "../api/client.js";
import type { MetricName, MetricResult, Page, TResponse } from "../api/types.js";

export interface MetricParams {
  metric: MetricName;
  surveyId: string;
  questionId: string;
  from: string;
  to: string;
  groupBy?: string;
  segment?: string;
  /** A saved segment and filter text (docs/analytics.md). */
  segmentId?: string;
  filter?: string;
}

/** The metric query, shared by the hook and by callers that fetch ahead (checking a filter). */
export const metricQuery = (p: MetricParams | null) =>
  queryOptions({
    queryKey: ["metric", p],
    queryFn: () => {
      if (!p) throw new Error("no metric");
      const { metric, ...query } = p;
      return api.get<MetricResult>(`/api/v1/metrics/${metric}`, { ...query });
    },
    enabled: p !== null,
    placeholderData: keepPreviousData,
  });

export function useMetric(p: MetricParams | null) {
  return useQuery(metricQuery(p));
}

export interface AnswersParams extends Query {
  surveyId: string;
  from?: string;
  to?: string;
  q?: string;
  group?: string;
  questionId?: string;
  scoreMin?: number;
  scoreMax?: number;
  segmentId?: string;
  filter?: string;
}

export const PAGE_SIZE = 20;

export function useAnswers(p: AnswersParams) {
  return useInfiniteQuery({
    queryKey: ["responses", p],
    queryFn: ({ pageParam }) =>
      api.get<Page<TResponse>>("/api/v1/responses", {
        ...p,
        limit: PAGE_SIZE,
        cursor: pageParam ?? undefined,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
}
