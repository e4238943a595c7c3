import { type QueryClient, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../api/client.js";
import type { BusinessSettings, BusinessSettingsPatch } from "./types.js";

const SETTINGS_KEY = ["business-settings"];

export function useBusinessSettings() {
  return useQuery({
    queryKey: SETTINGS_KEY,
    queryFn: ({ signal }) => api.get<BusinessSettings>("/api/v1/business/settings", undefined, { signal }),
  });
}

/**
 * The new settings replace the cached ones, and every figure of Customers & revenue is asked again: the
 * lost definition moves churn, retention, cohorts and the trend; upselling and the CLV inputs move the
 * score cards; core actions move engagement. A fitted CLV keeps its figures until the next fit.
 */
async function afterSave(queryClient: QueryClient, settings: BusinessSettings) {
  queryClient.setQueryData(SETTINGS_KEY, settings);
  await queryClient.invalidateQueries({
    predicate: (q) => {
      const head = q.queryKey[0];
      return typeof head === "string" && head.startsWith("business-") && head !== SETTINGS_KEY[0];
    },
  });
}

/** Saves a change to the business settings. */
export function useSaveBusinessSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: BusinessSettingsPatch) =>
      api.patch<BusinessSettings>("/api/v1/business/settings", patch),
    onSuccess: (settings) => afterSave(queryClient, settings),
  });
}
