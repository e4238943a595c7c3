import type { ReactNode } from "react";
import { useI18n } from "../../i18n/I18nProvider.js";

/** An editable list: each item with move up/down and remove, and an add button. */
export function ListEditor<T>({
  items,
  onChange,
  render,
  makeItem,
  addLabel,
  min = 0,
  max = 50,
  extraActions,
}: {
  items: T[];
  onChange: (items: T[]) => void;
  render: (item: T, index: number, set: (item: T) => void) => ReactNode;
  makeItem: () => T;
  addLabel: string;
  min?: number;
  max?: number;
  extraActions?: ReactNode;
}) {
  const { t } = useI18n();
  const set = (i: number) => (item: T) => onChange(items.map((x, j) => (j === i ? item : x)));
  const move = (i: number, d: -1 | 1) => {
    const next = [...items];
    const [x] = next.splice(i, 1);
    if (x !== undefined) next.splice(i + d, 0, x);
    onChange(next);
  };
  return (
    <div className="list-editor">
      {items.map((item, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: items have no identity of their own while being edited
        <div className="list-item" key={i}>
          <div className="list-item-body">{render(item, i, set(i))}</div>
          <div className="list-item-tools">
            <button
              type="button"
              className="icon-btn"
              onClick={() => move(i, -1)}
              disabled={i === 0}
              aria-label={t("editor.q.up")}
            >
              ↑
            </button>
            <button
              type="button"
              className="icon-btn"
              onClick={() => move(i, 1)}
              disabled={i === items.length - 1}
              aria-label={t("editor.q.down")}
            >
              ↓
            </button>
            <button
              type="button"
              className="icon-btn danger"
              onClick={() => onChange(items.filter((_, j) => j !== i))}
              disabled={items.length <= min}
              aria-label={t("common.remove")}
            >
              ✕
            </button>
          </div>
        </div>
      ))}
      <div className="list-actions">
        <button
          type="button"
          className="btn btn-small"
          onClick={() => onChange([...items, makeItem()])}
          disabled={items.length >= max}
        >
          + {addLabel}
        </button>
        {extraActions}
      </div>
    </div>
  );
}
