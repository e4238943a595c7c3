import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../api/client.js";
import type { BusinessSettings } from "./types.js";

const SETTINGS_KEY = ["business-settings"];

export function useBusinessSettings() {
  return useQuery({
    queryKey: SETTINGS_KEY,
    queryFn: ({ signal }) => api.get<BusinessSettings>("/api/v1/business/settings", undefined, { signal }),
  });
}

/** Saves the core actions; the engagement charts read them, so those are asked again. */
export function useSaveCoreActions() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (coreActions: string[]) =>
      api.patch<BusinessSettings>("/api/v1/business/settings", { coreActions }),
    onSuccess: async (settings) => {
      queryClient.setQueryData(SETTINGS_KEY, settings);
      await queryClient.invalidateQueries({ queryKey: ["business-engagement"] });
    },
  });
}
