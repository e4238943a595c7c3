import type { ReactNode } from "react";

export interface Option {
  value: string;
  label: string;
}

/**
 * A labelled drop-down in a filter bar. `allLabel` adds the empty choice (no filter) first;
 * `children` are extra options (an optgroup, "mine") placed between it and `options`.
 */
export function FilterSelect({
  label,
  className,
  value,
  onChange,
  allLabel,
  options = [],
  children,
  testId,
}: {
  label: string;
  className: string;
  value: string;
  onChange: (value: string) => void;
  allLabel?: string;
  options?: Option[];
  children?: ReactNode;
  testId?: string;
}) {
  return (
    <label className={className}>
      <span className="small muted">{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        {allLabel !== undefined && <option value="">{allLabel}</option>}
        {children}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Surveys (or anything with an id and a name) as drop-down options. */
export const namedOptions = (items: readonly { id: string; name: string }[] | undefined): Option[] =>
  (items ?? []).map((s) => ({ value: s.id, label: s.name }));
