/** The citizen form's fields: name, type, labels, required, choice options; reorderable. */
import { useTranslation } from "react-i18next";
import type { EditSpec, FieldSpec, ServiceSpec } from "../types.ts";
import { Check, In, LabelInputs, move, RowList, TextIn } from "./parts.tsx";

const FIELD_TYPES = ["text", "textarea", "number", "date", "choice", "multichoice", "nik", "phone", "email", "address", "file", "checkbox"];

/** "value|Indonesian label" lines → options; an option kept by value keeps its English label. */
function parseOptions(text: string, old: FieldSpec["options"]): FieldSpec["options"] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [value, label] = l.split("|");
      const prev = old?.find((o) => o.value === value.trim());
      return { value: value.trim(), label: { id: (label ?? value).trim(), en: prev?.label.en ?? (label ?? value).trim() } };
    });
}

export function FieldsEditor({ spec, edit }: { spec: ServiceSpec; edit: EditSpec }) {
  const { t } = useTranslation();
  const title = t("staffCases.editor.fields");
  const field = (i: number, patch: Partial<FieldSpec>) => edit((s) => void Object.assign(s.form.fields[i], patch));
  return (
    <>
      <h2>{title}</h2>
      <RowList
        title={title}
        items={spec.form.fields}
        name={(f) => f.name}
        onAdd={() =>
          edit((s) => void s.form.fields.push({ name: `kolom_${s.form.fields.length + 1}`, type: "text", label: { id: "", en: "" }, required: false }))
        }
        onRemove={(i) => edit((s) => void s.form.fields.splice(i, 1))}
        onMove={(i, d) => edit((s) => void Object.assign(s.form, { fields: move(s.form.fields, i, d) }))}
      >
        {(f, i) => (
          <>
            <TextIn id={`f-${i}-name`} label={t("staffCases.editor.fieldName")} className="input mono" value={f.name} onChange={(v) => field(i, { name: v })} />
            <In id={`f-${i}-type`} label={t("staffCases.editor.fieldType")}>
              {(id) => (
                <select id={id} className="select" value={f.type} onChange={(e) => field(i, { type: e.target.value })}>
                  {FIELD_TYPES.map((ty) => (
                    <option key={ty} value={ty}>
                      {ty}
                    </option>
                  ))}
                </select>
              )}
            </In>
            <LabelInputs prefix={`f-${i}`} value={f.label} onChange={(lang, v) => field(i, { label: { ...f.label, [lang]: v } })} />
            <Check id={`f-${i}-req`} label={t("staffCases.editor.required")} checked={!!f.required} onChange={(v) => field(i, { required: v })} />
            {(f.type === "choice" || f.type === "multichoice") && (
              <In id={`f-${i}-opts`} label={t("staffCases.editor.options")}>
                {(id) => (
                  <textarea
                    id={id}
                    className="textarea mono"
                    rows={3}
                    defaultValue={(f.options ?? []).map((o) => `${o.value}|${o.label.id}`).join("\n")}
                    onBlur={(e) => field(i, { options: parseOptions(e.target.value, f.options) })}
                  />
                )}
              </In>
            )}
          </>
        )}
      </RowList>
    </>
  );
}
