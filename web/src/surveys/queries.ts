import { useQuery } from "@tanstack/react-query";
import { api } from "../api/client.js";
import type { OverviewItem, Template, TSurvey } from "../api/types.js";

export const surveyKeys = {
  all: ["surveys"] as const,
  one: (id: string) => ["surveys", id] as const,
  templates: ["templates"] as const,
  overview: (from: string, to: string) => ["overview", from, to] as const,
};

export function useSurveys() {
  return useQuery({
    queryKey: surveyKeys.all,
    queryFn: async () => (await api.get<{ items: TSurvey[] }>("/api/v1/surveys")).items,
  });
}

export function useSurvey(id: string) {
  return useQuery({ queryKey: surveyKeys.one(id), queryFn: () => api.get<TSurvey>(`/api/v1/surveys/${id}`) });
}

export function useTemplates() {
  return useQuery({
    queryKey: surveyKeys.templates,
    queryFn: async () => (await api.get<{ items: Template[] }>("/api/v1/surveys/templates")).items,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** Every survey's headline score over the period with a monthly trend. */
export function useOverview(from: string, to: string) {
  return useQuery({
    queryKey: surveyKeys.overview(from, to),
    queryFn: async () =>
      (await api.get<{ items: OverviewItem[] }>("/api/v1/metrics/overview", { from, to })).items,
  });
}

/** The public survey page of a survey (served by this same server). */
export const publicLink = (surveyId: string) => `${window.location.origin}/s/${surveyId}`;
