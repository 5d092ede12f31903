/** One form field's small form: label, type (by readable name), required, help, choices or accepted files, code. */
import { useTranslation } from "react-i18next";
import type { Localized } from "../shared.tsx";
import type { EditSpec, FieldSpec } from "../types.ts";
import { Check, type EditorErrors, In, LabelInputs, move, RowList, TextIn } from "./parts.tsx";
import { choices, Options } from "../../../ui/form.tsx";

export const FIELD_TYPES = ["text", "textarea", "number", "date", "choice", "multichoice", "nik", "phone", "email", "address", "file", "checkbox"];
const FILE_KINDS = [
  { mime: "application/pdf", name: "PDF" },
  { mime: "image/jpeg", name: "JPG" },
  { mime: "image/png", name: "PNG" },
];
type Option = NonNullable<FieldSpec["options"]>[number];

/** Codes made from a label in this session: such a code keeps following its label. */
const derivedNames = new Set<string>();

/** "Nama anak" → "nama_anak": a field or option code from its Indonesian label. */
export function codeOf(label: string): string {
  const s = label
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 40);
  return /^[a-z]/.test(s) ? s : `kolom_${s}`.replace(/_+$/, "_1");
}

/** The field after a type change: properties the new type does not take are dropped, ones it needs are started. */
function retype(f: FieldSpec, type: string): FieldSpec {
  const { options, accept, maxSizeMb, multiple, min, max, minLength, maxLength, ...rest } = f;
  const next: FieldSpec = { ...rest, type };
  if (type === "choice" || type === "multichoice") next.options = options?.length ? options : [{ value: "pilihan_1", label: { id: "", en: "" } }];
  if (type === "file") Object.assign(next, { accept: (accept as string[] | undefined) ?? ["application/pdf", "image/jpeg"], maxSizeMb, multiple });
  if (type === "number") Object.assign(next, { min, max });
  if (type === "text" || type === "textarea") Object.assign(next, { minLength, maxLength });
  for (const k of Object.keys(next)) if (next[k] === undefined) delete next[k];
  return next;
}

export function FieldForm({ i, f, edit, errors }: { i: number; f: FieldSpec; edit: EditSpec; errors: EditorErrors }) {
  const { t } = useTranslation();
  const p = `ef-${i}`;
  /** A change of the field; a new code is carried into the requirements that name the field. */
  const field = (patch: Partial<FieldSpec>) =>
    edit((s) => {
      const old = s.form.fields[i].name;
      Object.assign(s.form.fields[i], patch);
      if (patch.name !== undefined && patch.name !== old) for (const r of s.requirements) if (r.field === old) r.field = patch.name;
    });
  const setLabel = (lang: keyof Localized, v: string) => {
    const label = { ...f.label, [lang]: v };
    // A field added in this session takes its code from its Indonesian label until someone types a code.
    const follows = lang === "id" && (/^kolom_\d+$/.test(f.name) || derivedNames.has(f.name));
    const derived = follows ? codeOf(v) : undefined;
    if (derived) derivedNames.add(derived);
    field({ label, ...(derived ? { name: derived } : {}) });
  };
  const accept = (f.accept as string[] | undefined) ?? [];
  const help = f.help as Localized | undefined;
  return (
    <div id={`${p}-form`} className="editor-subform">
      <div className="editor-grid">
        <LabelInputs prefix={p} value={f.label} errors={errors} onChange={setLabel} />
        <In id={`${p}-type`} label={t("staffCases.editor.fieldType")} error={errors[`${p}-type`]}>
          {(id, describedBy) => (
            <select
              id={id}
              className="select"
              aria-describedby={describedBy}
              value={f.type}
              onChange={(e) => edit((s) => void s.form.fields.splice(i, 1, retype(s.form.fields[i], e.target.value)))}
            >
              <Options options={choices(FIELD_TYPES, (ty) => t(`staffCases.editor.types.${ty}`))} />
            </select>
          )}
        </In>
        <Check id={`${p}-req`} label={t("staffCases.editor.requiredField")} checked={!!f.required} onChange={(v) => field({ required: v })} />
      </div>
      <div className="editor-grid">
        <LabelInputs
          prefix={`${p}-help`}
          value={help}
          errors={errors}
          labels={[t("staffCases.editor.helpId"), t("staffCases.editor.helpEn")]}
          onChange={(lang, v) => {
            const next = { id: "", en: "", ...help, [lang]: v };
            field({ help: next.id || next.en ? next : undefined });
          }}
        />
      </div>
      {(f.type === "choice" || f.type === "multichoice") && <OptionsEditor i={i} f={f} edit={edit} errors={errors} />}
      {f.type === "file" && (
        <div className="editor-grid">
          <fieldset className="field fieldset" aria-describedby={errors[`${p}-accept`] ? `${p}-accept-error` : undefined}>
            <legend className="field__label">{t("staffCases.editor.accept")}</legend>
            {errors[`${p}-accept`] && (
              <p className="field__error" id={`${p}-accept-error`}>
                {errors[`${p}-accept`]}
              </p>
            )}
            {FILE_KINDS.map((k, j) => (
              <div className="radio" key={k.mime}>
                <input
                  type="checkbox"
                  id={j === 0 ? `${p}-accept` : `${p}-accept-${k.name}`}
                  checked={accept.includes(k.mime)}
                  onChange={(e) => field({ accept: e.target.checked ? [...accept, k.mime] : accept.filter((m) => m !== k.mime) })}
                />
                <label htmlFor={j === 0 ? `${p}-accept` : `${p}-accept-${k.name}`}>{k.name}</label>
              </div>
            ))}
          </fieldset>
          <TextIn
            id={`${p}-size`}
            label={t("staffCases.editor.maxSize")}
            type="number"
            unit="MB"
            value={(f.maxSizeMb as number | undefined) ?? ""}
            onChange={(v) => field({ maxSizeMb: v === "" ? undefined : Number(v) })}
          />
        </div>
      )}
      <TextIn
        id={`${p}-name`}
        className="input mono"
        label={t("staffCases.editor.fieldName")}
        hint={t("staffCases.editor.fieldNameHint")}
        error={errors[`${p}-name`]}
        value={f.name}
        onChange={(v) => field({ name: v })}
      />
    </div>
  );
}

/** A choice field's options: a label in both languages each; the stored value follows the Indonesian label. */
function OptionsEditor({ i, f, edit, errors }: { i: number; f: FieldSpec; edit: EditSpec; errors: EditorErrors }) {
  const { t } = useTranslation();
  const options = f.options ?? [];
  const set = (fn: (o: Option[]) => Option[]) => edit((s) => void Object.assign(s.form.fields[i], { options: fn([...(s.form.fields[i].options ?? [])]) }));
  const relabel = (j: number, lang: keyof Localized, v: string) =>
    set((o) =>
      o.map((x, k) => {
        if (k !== j) return x;
        const follows = lang === "id" && (x.value === codeOf(x.label.id) || /^pilihan_\d+$/.test(x.value));
        return { value: follows && codeOf(v) ? codeOf(v) : x.value, label: { ...x.label, [lang]: v } };
      }),
    );
  return (
    <div className="editor-options">
      <h4 className="field__label">{t("staffCases.editor.options")}</h4>
      <RowList
        idPrefix={`ef-${i}-opt`}
        title={t("staffCases.editor.options")}
        itemName={t("staffCases.editor.option")}
        items={options}
        name={(o, j) => o.label.id || `${t("staffCases.editor.option")} ${j + 1}`}
        error={errors[`ef-${i}-opt-add`]}
        onAdd={() => set((o) => [...o, { value: `pilihan_${o.length + 1}`, label: { id: "", en: "" } }])}
        onRemove={(j) => set((o) => o.filter((_, k) => k !== j))}
        onMove={(j, d) => set((o) => move(o, j, d))}
      >
        {(o, j) => (
          <div className="editor-grid">
            <LabelInputs prefix={`ef-${i}-opt-${j}`} value={o.label as Localized} errors={errors} onChange={(lang, v) => relabel(j, lang, v)} />
          </div>
        )}
      </RowList>
    </div>
  );
}
