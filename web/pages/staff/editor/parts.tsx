/** The service editor's small building blocks: labelled inputs with their errors, an {id, en} pair, and an editable list. */
import type { ReactNode } from "react";
import { flushSync } from "react-dom";
import { useTranslation } from "react-i18next";
import { Field } from "../../../ui/form.tsx";
import type { Localized } from "../shared.tsx";

/** Element id → message of the server's validation errors (see editorErrors.ts). */
export type EditorErrors = Record<string, string>;

/** A labelled control with its hint and error; the control gets the ids that describe it. */
export function In({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  children: (id: string, describedBy: string | undefined) => ReactNode;
}) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      {(describedBy) => children(id, describedBy)}
    </Field>
  );
}

/** A labelled text (or number) input bound to a value; `unit` is written after a number ("hari kerja", "Rp" before). */
export function TextIn({
  id,
  label,
  value,
  onChange,
  error,
  hint,
  className = "input",
  type,
  unit,
  prefix,
}: {
  id: string;
  label: ReactNode;
  value: string | number;
  onChange: (v: string) => void;
  error?: string;
  hint?: ReactNode;
  className?: string;
  type?: "number";
  unit?: string;
  prefix?: string;
}) {
  return (
    <In id={id} label={label} hint={hint} error={error}>
      {(id, describedBy) => {
        const input = (
          <input
            id={id}
            className={type === "number" ? `${className} input--w6` : className}
            type={type}
            inputMode={type === "number" ? "numeric" : undefined}
            min={type === "number" ? 0 : undefined}
            value={value}
            aria-describedby={describedBy}
            aria-invalid={error ? true : undefined}
            onChange={(e) => onChange(e.target.value)}
          />
        );
        return unit || prefix ? (
          <span className="input-unit">
            {prefix && <span aria-hidden="true">{prefix}</span>}
            {input}
            {unit && <span aria-hidden="true">{unit}</span>}
          </span>
        ) : (
          input
        );
      }}
    </In>
  );
}

export function Check({ id, label, checked, onChange }: { id: string; label: string; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <div className="field">
      <div className="radio">
        <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
        <label htmlFor={id}>{label}</label>
      </div>
    </div>
  );
}

/** The Indonesian and English text of a label: inputs `${prefix}-lid` and `${prefix}-len`. */
export function LabelInputs({
  prefix,
  value,
  onChange,
  errors,
  labels,
}: {
  prefix: string;
  value: Localized | undefined;
  onChange: (lang: keyof Localized, v: string) => void;
  errors: EditorErrors;
  /** The two inputs' labels, when not "Label (ID)" / "Label (EN)". */
  labels?: [string, string];
}) {
  const { t } = useTranslation();
  const langs = [
    ["id", labels?.[0] ?? t("staffCases.editor.labelId")],
    ["en", labels?.[1] ?? t("staffCases.editor.labelEn")],
  ] as const;
  return (
    <>
      {langs.map(([lang, label]) => (
        <TextIn
          key={lang}
          id={`${prefix}-l${lang}`}
          label={label}
          value={value?.[lang] ?? ""}
          error={errors[`${prefix}-l${lang}`]}
          onChange={(v) => onChange(lang, v)}
        />
      ))}
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
 * Editable rows, one fieldset each (legend "<title> n"), with up/down/remove buttons, then an "Add" button
 * (id `${idPrefix}-add`). After a move the focus follows the row, so the keyboard can keep moving it.
 */
export function RowList<T>({
  idPrefix,
  title,
  itemName,
  items,
  children,
  onAdd,
  onRemove,
  onMove,
  name,
  error,
}: {
  idPrefix: string;
  title: string;
  /** What one row is, for the add button ("Tambah persyaratan"). */
  itemName: string;
  items: T[];
  children: (item: T, i: number) => ReactNode;
  onAdd: () => void;
  onRemove: (i: number) => void;
  onMove?: (i: number, d: number) => void;
  /** A row's name in the buttons' accessible names. */
  name?: (item: T, i: number) => string;
  /** An error about the list as a whole (e.g. "add at least one"). */
  error?: string;
}) {
  const { t } = useTranslation();
  // The row is moved and the focus put on its button in the same event (flushSync), not a frame later: a second key
  // press that came first would land on the button of the row now in the old place and move that one back.
  const moveAndFollow = (i: number, d: number) => {
    flushSync(() => onMove?.(i, d));
    const j = Math.min(Math.max(i + d, 0), items.length - 1);
    document.getElementById(`${idPrefix}-${j}-${d < 0 ? "up" : "down"}`)?.focus();
  };
  return (
    <>
      {items.length === 0 && <p className="muted">{t("staffCases.editor.empty")}</p>}
      <ol className="editor-list" id={`${idPrefix}-list`}>
        {items.map((item, i) => {
          const label = name?.(item, i) || `${title} ${i + 1}`;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place
            <li key={i}>
              <fieldset className="editor-row">
                <legend className="editor-row__legend">{`${i + 1}. ${label}`}</legend>
                {children(item, i)}
                <div className="editor-row__buttons">
                  {onMove && (
                    <>
                      <button
                        type="button"
                        id={`${idPrefix}-${i}-up`}
                        className="button button--secondary"
                        aria-label={`${t("staffCases.editor.up")}: ${label}`}
                        aria-disabled={i === 0 || undefined}
                        onClick={() => i > 0 && moveAndFollow(i, -1)}
                      >
                        ↑
                      </button>
                      <button
                        type="button"
                        id={`${idPrefix}-${i}-down`}
                        className="button button--secondary"
                        aria-label={`${t("staffCases.editor.down")}: ${label}`}
                        aria-disabled={i === items.length - 1 || undefined}
                        onClick={() => i < items.length - 1 && moveAndFollow(i, 1)}
                      >
                        ↓
                      </button>
                    </>
                  )}
                  <button type="button" className="button button--secondary" onClick={() => onRemove(i)}>
                    {t("staffCases.editor.remove")}
                    <span className="visually-hidden">: {label}</span>
                  </button>
                </div>
              </fieldset>
            </li>
          );
        })}
      </ol>
      {error && (
        <p className="field__error" id={`${idPrefix}-add-error`}>
          <span className="visually-hidden">{t("form.errorPrefix")} </span>
          {error}
        </p>
      )}
      <button
        type="button"
        id={`${idPrefix}-add`}
        className="button button--secondary"
        aria-describedby={error ? `${idPrefix}-add-error` : undefined}
        onClick={() => {
          const n = items.length;
          flushSync(onAdd);
          const row = document.querySelectorAll(`#${idPrefix}-list > li`)[n];
          (row?.querySelector<HTMLElement>("input, select, textarea") ?? row?.querySelector<HTMLElement>("button"))?.focus();
        }}
      >
        {t("staffCases.editor.addItem", { item: itemName })}
      </button>
    </>
  );
}

/** "awaiting_payment" → "Awaiting payment": a readable name for a code without a label. */
export function humanise(code: string): string {
  const words = code.replace(/[_-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
