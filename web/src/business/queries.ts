import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, isApiError } from "../api/client.js";
import type {
  BusinessMetrics,
  ClvCustomer,
  ClvDistribution,
  ClvFit,
  Cohorts,
  Engagement,
  FeedbackValue,
  Trend,
} from "./types.js";

export interface BusinessQuery {
  from: string;
  to: string;
}

export function useBusinessMetrics(query: BusinessQuery) {
  return useQuery({
    queryKey: ["business-metrics", query],
    queryFn: ({ signal }) => api.get<BusinessMetrics>("/api/v1/business/metrics", { ...query }, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useCohorts(query: BusinessQuery) {
  return useQuery({
    queryKey: ["business-cohorts", query],
    queryFn: ({ signal }) =>
      api.get<Cohorts>("/api/v1/business/cohorts", { ...query, unit: "month" }, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useFeedbackValue(query: BusinessQuery) {
  return useQuery({
    queryKey: ["business-feedback-value", query],
    queryFn: ({ signal }) =>
      api.get<FeedbackValue>("/api/v1/business/feedback-value", { ...query }, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useTrend(query: BusinessQuery, unit: "month" | "quarter") {
  return useQuery({
    queryKey: ["business-trend", query, unit],
    queryFn: ({ signal }) => api.get<Trend>("/api/v1/business/trend", { ...query, unit }, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useEngagement(query: BusinessQuery, unit: "day" | "week" | "month") {
  return useQuery({
    queryKey: ["business-engagement", query, unit],
    queryFn: ({ signal }) =>
      api.get<Engagement>("/api/v1/business/engagement", { ...query, unit }, { signal }),
    placeholderData: keepPreviousData,
  });
}

/** The latest CLV fit's histogram; null before the first fit. */
export function useClvDistribution() {
  return useQuery({
    queryKey: ["clv-distribution"],
    queryFn: async ({ signal }) => {
      try {
        return await api.get<ClvDistribution>("/api/v1/clv/distribution", { bins: 20 }, { signal });
      } catch (e) {
        if (isApiError(e) && e.status === 404) return null;
        throw e;
      }
    },
  });
}

/** The latest CLV fit's top customers; null before the first fit. */
export function useClvCustomers(limit = 20) {
  return useQuery({
    queryKey: ["clv-customers", limit],
    queryFn: async ({ signal }) => {
      try {
        return await api.get<{ fit: ClvFit; total: number; items: ClvCustomer[] }>(
          "/api/v1/clv/customers",
          { limit },
          { signal },
        );
      } catch (e) {
        if (isApiError(e) && e.status === 404) return null;
        throw e;
      }
    },
  });
}

export function useFitClv() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<ClvFit>("/api/v1/clv/fit", {}),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ["clv-customers"] });
      await queryClient.invalidateQueries({ queryKey: ["clv-distribution"] });
      await queryClient.invalidateQueries({ queryKey: ["business-feedback-value"] });
    },
  });
}
