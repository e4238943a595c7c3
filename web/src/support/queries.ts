import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { api } from "../api/client.js";
import type { Agent, Breaches, SupportMetrics, SupportQuery, Team } from "./types.js";

export function useSupportMetrics(query: SupportQuery) {
  return useQuery({
    queryKey: ["support-metrics", query],
    queryFn: ({ signal }) => api.get<SupportMetrics>("/api/v1/support/metrics", query, { signal }),
    placeholderData: keepPreviousData,
  });
}

/** Agents and teams, for the filters and for names. */
export function useSupportPeople() {
  const agents = useQuery({
    queryKey: ["support-agents"],
    queryFn: async () => (await api.get<{ items: Agent[] }>("/api/v1/support/agents")).items,
  });
  const teams = useQuery({
    queryKey: ["support-teams"],
    queryFn: async () => (await api.get<{ items: Team[] }>("/api/v1/support/teams")).items,
  });
  return { agents: agents.data ?? [], teams: teams.data ?? [] };
}

/** The tickets behind a breached SLA figure, a page at a time. */
export function useBreaches(query: SupportQuery & { measure: "firstReply" | "resolution" }) {
  return useInfiniteQuery({
    queryKey: ["support-breaches", query],
    initialPageParam: "",
    queryFn: ({ pageParam, signal }) =>
      api.get<Breaches>(
        "/api/v1/support/sla/breaches",
        { ...query, groupBy: undefined, limit: 50, cursor: pageParam || undefined },
        { signal },
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
