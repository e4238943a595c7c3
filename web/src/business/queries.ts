import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, isApiError } from "../api/client.js";
import type { BusinessMetrics, ClvCustomer, ClvFit, Cohorts, FeedbackValue } from "./types.js";

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
      await queryClient.invalidateQueries({ queryKey: ["business-feedback-value"] });
    },
  });
}
