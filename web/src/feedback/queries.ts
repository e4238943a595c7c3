import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import { api, request } from "../api/client.js";
import type { Member, Page, TResponse } from "../api/types.js";
import type {
  Case,
  CaseDetail,
  CaseFilters,
  Category,
  CategoryInput,
  CategoryStats,
  FeedbackFilters,
  FeedbackItem,
  OutboxMessage,
  PromoPool,
  RoutingRule,
  RoutingRuleInput,
  TCaseStatus,
  TSentiment,
} from "./types.js";

const PAGE = 25;

export function useCategories(includeArchived = false) {
  return useQuery({
    queryKey: ["categories", includeArchived],
    queryFn: async () =>
      (await api.get<{ items: Category[] }>("/api/v1/categories", { includeArchived })).items,
  });
}

/** The inbox, a page at a time (newest first). */
export function useFeedback(filters: FeedbackFilters) {
  return useInfiniteQuery({
    queryKey: ["feedback", filters],
    initialPageParam: "",
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<FeedbackItem>>(
        "/api/v1/feedback",
        { ...filters, limit: PAGE, cursor: pageParam || undefined },
        { signal },
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useFeedbackItem(responseId: string | undefined) {
  return useQuery({
    queryKey: ["feedback-item", responseId],
    queryFn: () => api.get<FeedbackItem>(`/api/v1/responses/${responseId}/categories`),
    enabled: Boolean(responseId),
  });
}

/** A manual correction of an answer's categories: it also trains the workspace's classifier. */
export function useCorrectCategories() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { responseId: string; categoryIds: string[]; sentiment?: TSentiment }) =>
      request<FeedbackItem>("PUT", `/api/v1/responses/${v.responseId}/categories`, {
        body: { categoryIds: v.categoryIds, sentiment: v.sentiment },
      }),
    onSuccess: (item) => {
      qc.setQueryData(["feedback-item", item.responseId], item);
      void qc.invalidateQueries({ queryKey: ["feedback"] });
      void qc.invalidateQueries({ queryKey: ["category-stats"] });
    },
  });
}

export function useCategoryStats(q: { surveyId?: string; from?: string; to?: string; interval: string }) {
  return useQuery({
    queryKey: ["category-stats", q],
    queryFn: ({ signal }) => api.get<CategoryStats>("/api/v1/categories/stats", q, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useCategoryMutations() {
  const qc = useQueryClient();
  const done = () => {
    void qc.invalidateQueries({ queryKey: ["categories"] });
    void qc.invalidateQueries({ queryKey: ["category-stats"] });
  };
  return {
    create: useMutation({
      mutationFn: (input: CategoryInput) => api.post<Category>("/api/v1/categories", input),
      onSuccess: done,
    }),
    update: useMutation({
      mutationFn: ({ id, ...patch }: Partial<CategoryInput> & { id: string }) =>
        api.patch<Category>(`/api/v1/categories/${id}`, patch),
      onSuccess: done,
    }),
    remove: useMutation({
      mutationFn: (id: string) => api.delete(`/api/v1/categories/${id}`),
      onSuccess: done,
    }),
  };
}

/** Cases matching the filters, a page at a time. */
export function useCases(filters: CaseFilters, opts: { enabled?: boolean; limit?: number } = {}) {
  return useInfiniteQuery({
    queryKey: ["cases", filters, opts.limit ?? PAGE],
    initialPageParam: "",
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<Case>>(
        "/api/v1/cases",
        { ...filters, limit: opts.limit ?? PAGE, cursor: pageParam || undefined },
        { signal },
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: opts.enabled ?? true,
    placeholderData: keepPreviousData,
  });
}

export function useCase(id: string) {
  return useQuery({
    queryKey: ["case", id],
    queryFn: () => api.get<CaseDetail>(`/api/v1/cases/${id}`),
  });
}

export function useCaseNotifications(caseId: string) {
  return useQuery({
    queryKey: ["case-notifications", caseId],
    queryFn: async () =>
      (await api.get<{ items: OutboxMessage[] }>("/api/v1/case-notifications", { caseId, limit: 100 })).items,
  });
}

/** Changes to one case; each answers with the case and its history. */
export function useCaseMutations(id: string) {
  const qc = useQueryClient();
  const done = (c: CaseDetail) => {
    qc.setQueryData(["case", id], c);
    void qc.invalidateQueries({ queryKey: ["cases"] });
    void qc.invalidateQueries({ queryKey: ["case-notifications", id] });
    void qc.invalidateQueries({ queryKey: ["promo-pools"] });
  };
  return {
    transition: useMutation({
      mutationFn: (v: { to: TCaseStatus; note?: string; customerMessage?: string }) =>
        api.post<CaseDetail>(`/api/v1/cases/${id}/transitions`, v),
      onSuccess: done,
    }),
    note: useMutation({
      mutationFn: (note: string) => api.post<CaseDetail>(`/api/v1/cases/${id}/notes`, { note }),
      onSuccess: done,
    }),
    promo: useMutation({
      mutationFn: (poolId: string) => api.post<CaseDetail>(`/api/v1/cases/${id}/promo`, { poolId }),
      onSuccess: done,
    }),
    assign: useMutation({
      mutationFn: (patch: { ownerId?: string | null; team?: string | null; dueAt?: string }) =>
        api.patch<CaseDetail>(`/api/v1/cases/${id}`, patch),
      onSuccess: done,
    }),
  };
}

export function usePromoPools() {
  return useQuery({
    queryKey: ["promo-pools"],
    queryFn: async () => (await api.get<{ items: PromoPool[] }>("/api/v1/promo-pools")).items,
  });
}

export function useRoutingRules() {
  return useQuery({
    queryKey: ["routing-rules"],
    queryFn: async () => (await api.get<{ items: RoutingRule[] }>("/api/v1/routing-rules")).items,
  });
}

export function useRuleMutations() {
  const qc = useQueryClient();
  const done = () => void qc.invalidateQueries({ queryKey: ["routing-rules"] });
  return {
    create: useMutation({
      mutationFn: (input: RoutingRuleInput) => api.post<RoutingRule>("/api/v1/routing-rules", input),
      onSuccess: done,
    }),
    update: useMutation({
      mutationFn: ({ id, ...patch }: Partial<RoutingRuleInput> & { id: string }) =>
        api.patch<RoutingRule>(`/api/v1/routing-rules/${id}`, patch),
      onSuccess: done,
    }),
    remove: useMutation({
      mutationFn: (id: string) => api.delete(`/api/v1/routing-rules/${id}`),
      onSuccess: done,
    }),
  };
}

/** The workspace's people, for owner names and pickers (only admins may list them). */
export function useMembers(enabled: boolean) {
  return useQuery({
    queryKey: ["members"],
    queryFn: async () => (await api.get<{ items: Member[] }>("/api/v1/users")).items,
    enabled,
    staleTime: 5 * 60_000,
  });
}

/** A customer's answers, newest first (for the timeline). */
export function useCustomerResponses(customerId: string | null | undefined) {
  return useQuery({
    queryKey: ["customer-responses", customerId],
    queryFn: () => api.get<Page<TResponse>>("/api/v1/responses", { customerId: customerId ?? "", limit: 20 }),
    enabled: Boolean(customerId),
  });
}
