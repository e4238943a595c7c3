/**
 * The public URLs of an invitation, all carrying its personal token (≥ 128 bits, only the hash stored):
 * `/e/{token}` answers from an email (a score with `?q=&v=`), `/e/{token}/open.gif` tracks opens,
 * `/u/{token}` unsubscribes, `/l/{token}` is the short link for SMS and messengers.
 */
export function invitationLinks(publicUrl: string, token: string) {
  const base = publicUrl.replace(/\/$/, "");
  return {
    answer: (questionId: string, value: number) =>
      `${base}/e/${token}?q=${encodeURIComponent(questionId)}&v=${value}`,
    survey: `${base}/e/${token}`,
    openPixel: `${base}/e/${token}/open.gif`,
    unsubscribe: `${base}/u/${token}`,
    short: `${base}/l/${token}`,
  };
}

export type InvitationLinks = ReturnType<typeof invitationLinks>;
