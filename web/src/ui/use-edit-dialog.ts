import { useState } from "react";

/** The part of a create or update mutation that a dialog needs. */
interface SaveMutation<V> {
  mutate(variables: V, options?: { onSuccess?: () => void }): void;
  reset(): void;
  isPending: boolean;
  error: unknown;
}

/**
 * The create-or-edit dialog over a list: which item is open (`"new"` for a new one), and the
 * pending state, error and submit of the mutation that item saves with. Opening clears the
 * previous attempt's error; a successful save closes the dialog.
 */
export function useEditDialog<T extends { id: string }, I>(
  create: SaveMutation<I>,
  update: SaveMutation<I & { id: string }>,
) {
  const [item, setItem] = useState<T | "new" | null>(null);
  const close = () => setItem(null);
  return {
    item,
    close,
    open: (next: T | "new") => {
      create.reset();
      update.reset();
      setItem(next);
    },
    pending: create.isPending || update.isPending,
    error: item === "new" ? create.error : update.error,
    submit: (input: I) => {
      const done = { onSuccess: close };
      if (item === "new") create.mutate(input, done);
      else if (item) update.mutate({ id: item.id, ...input }, done);
    },
  };
}
