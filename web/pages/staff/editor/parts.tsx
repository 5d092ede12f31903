/** The service editor's small building blocks: labelled inputs, a {id, en} label pair, and an editable list of rows. */
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Localized } from "../shared.tsx";
import { Labelled } from "../../../ui/form.tsx";

/** A compact labelled control for the editor rows. */
export function In({ id, label, children }: { id: string; label: string; children: (id: string) => ReactNode }) {
  return (
    <Labelled id={id} label={label}>
      {children(id)}
    </Labelled>
  );
}

/** A labelled text (or number) input bound to a value. */
export function TextIn({
  id,
  label,
  value,
  onChange,
  className = "input",
  type,
}: {
  id: string;
  label: string;
  value: string | number;
  onChange: (v: string) => void;
  className?: string;
  type?: "number";
}) {
  return (
    <In id={id} label={label}>
      {(id) => (
        <input id={id} className={className} type={type} min={type === "number" ? 0 : undefined} value={value} onChange={(e) => onChange(e.target.value)} />
      )}
    </In>
  );
}

export function Check({ id, label, checked, onChange }: { id: string; label: string; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <div className="field">
      <label htmlFor={id}>
        <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} /> {label}
      </label>
    </div>
  );
}

/** The Indonesian and English label of a field, state or action: inputs `${prefix}-lid` and `${prefix}-len`. */
export function LabelInputs({ prefix, value, onChange }: { prefix: string; value: Localized; onChange: (lang: keyof Localized, v: string) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <TextIn id={`${prefix}-lid`} label={t("staffCases.editor.labelId")} value={value.id} onChange={(v) => onChange("id", v)} />
      <TextIn id={`${prefix}-len`} label={t("staffCases.editor.labelEn")} value={value.en} onChange={(v) => onChange("en", v)} />
    </>
  );
}

export function move<T>(list: T[], i: number, d: number): T[] {
  const j = i + d;
  if (j < 0 || j >= list.length) return list;
  const out = [...list];
  [out[i], out[j]] = [out[j], out[i]];
  return out;
}

/**
 * Editable rows, one fieldset each (legend "<title> n" for screen readers), with remove (and, given onMove,
 * up/down) buttons, then an "Add: <title>" button.
 */
export function RowList<T>({
  title,
  items,
  children,
  onAdd,
  onRemove,
  onMove,
  name,
}: {
  title: string;
  items: T[];
  children: (item: T, i: number) => ReactNode;
  onAdd: () => void;
  onRemove: (i: number) => void;
  onMove?: (i: number, d: number) => void;
  /** A row's name in the up/down buttons' labels. */
  name?: (item: T) => string;
}) {
  const { t } = useTranslation();
  return (
    <>
      {items.map((item, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place
        <fieldset key={i} className="editor-row">
          <legend className="visually-hidden">{`${title} ${i + 1}`}</legend>
          {children(item, i)}
          <div className="editor-row__buttons">
            {onMove && (
              <>
                <button
                  type="button"
                  className="button button--secondary"
                  aria-label={`${t("staffCases.editor.up")}: ${name?.(item) ?? i + 1}`}
                  onClick={() => onMove(i, -1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="button button--secondary"
                  aria-label={`${t("staffCases.editor.down")}: ${name?.(item) ?? i + 1}`}
                  onClick={() => onMove(i, 1)}
                >
                  ↓
                </button>
              </>
            )}
            <button type="button" className="button button--secondary" onClick={() => onRemove(i)}>
              {t("staffCases.editor.remove")}
            </button>
          </div>
        </fieldset>
      ))}
      <button type="button" className="button button--secondary" onClick={onAdd}>
        {t("staffCases.editor.add")}: {title}
      </button>
    </>
  );
}
