import { useEffect, useState } from "react";

/**
 * The editable copy of stored settings: filled from `data` whenever the server's copy changes,
 * with a "saved" flag that any edit clears.
 */
export function useSettingsForm<D, F>(data: D | undefined, formOf: (data: D | undefined) => F) {
  const [form, setForm] = useState(() => formOf(undefined));
  const [saved, setSaved] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only new data from the server refills the form
  useEffect(() => {
    if (data !== undefined) setForm(formOf(data));
  }, [data]);
  const set = (patch: Partial<F>) => {
    setSaved(false);
    setForm((f) => ({ ...f, ...patch }));
  };
  return { form, set, saved, setSaved };
}
