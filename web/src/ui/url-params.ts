import { useSearchParams } from "react-router-dom";

/** The page's filters kept in the URL (shareable, kept on reload); empty values are removed. */
export function useUrlParams() {
  const [params, setParams] = useSearchParams();
  const set = (patch: Record<string, string | null | undefined>) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        for (const [k, v] of Object.entries(patch)) {
          if (v) next.set(k, v);
          else next.delete(k);
        }
        return next;
      },
      { replace: true },
    );
  return { params, set };
}
