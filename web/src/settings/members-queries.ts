import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, isApiError } from "../api/client.js";
import type { TRole } from "../api/types.js";
import { ME_KEY } from "../auth/session.js";
import type { I18n } from "../i18n/I18nProvider.js";
import { errorText } from "../ui/errors.js";

export interface MemberItem {
  id: string;
  email: string;
  name: string;
  role: TRole;
}

interface MemberPage {
  items: MemberItem[];
  nextCursor: string | null;
}

export const USERS_KEY = ["users"] as const;
const PAGE_SIZE = 50;

/** The workspace's users by email, a page at a time. */
export function useMemberPages() {
  return useInfiniteQuery({
    queryKey: USERS_KEY,
    queryFn: ({ pageParam }) =>
      api.get<MemberPage>("/api/v1/users", { limit: PAGE_SIZE, cursor: pageParam ?? undefined }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** Everything that lists people: this table, the owner pickers elsewhere, and the user's own role. */
function useRefreshPeople() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: USERS_KEY }),
      queryClient.invalidateQueries({ queryKey: ["members"] }),
      queryClient.invalidateQueries({ queryKey: ME_KEY }),
    ]);
}

export function useChangeRole(onDone: (m: MemberItem) => void) {
  const refresh = useRefreshPeople();
  return useMutation({
    mutationFn: (v: { id: string; role: TRole }) =>
      api.patch<MemberItem>(`/api/v1/users/${encodeURIComponent(v.id)}`, { role: v.role }),
    onSuccess: async (m) => {
      await refresh();
      onDone(m);
    },
  });
}

export function useRemoveMember(onDone: (m: MemberItem) => void) {
  const refresh = useRefreshPeople();
  return useMutation({
    mutationFn: (m: MemberItem) => api.delete(`/api/v1/users/${encodeURIComponent(m.id)}`),
    onSuccess: async (_, m) => {
      await refresh();
      onDone(m);
    },
  });
}

/** The server's two owner rules in the UI language; other errors as everywhere else. */
export function memberErrorText(t: I18n["t"], error: unknown): string {
  if (isApiError(error) && (error.field === "role" || error.field === "id")) {
    if (error.code === "conflict") return t("members.lastOwner");
    if (error.code === "forbidden") return t("members.ownerOnly");
  }
  return errorText(t, error);
}
