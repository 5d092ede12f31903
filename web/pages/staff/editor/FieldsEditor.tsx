/** The citizen form's fields as a list: reorder, remove, add; each field edited in its own small form. */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useLocalized } from "../shared.tsx";
import type { EditSpec, ServiceSpec } from "../types.ts";
import { fieldIndexOf } from "./editorErrors.ts";
import { FieldForm } from "./FieldForm.tsx";
import { type EditorErrors, move, RowList } from "./parts.tsx";
import { toggled } from "../../../ui/sets.ts";
import { Section } from "../../../ui/Section.tsx";

export function FieldsEditor({ spec, edit, errors }: { spec: ServiceSpec; edit: EditSpec; errors: EditorErrors }) {
  const { t } = useTranslation();
  const loc = useLocalized();
  const title = t("staffCases.editor.fields");
  // Which fields have their small form open (by position); a field with an error is always open.
  const [open, setOpen] = useState<Set<number>>(new Set());
  const withErrors = new Set(
    Object.keys(errors)
      .map(fieldIndexOf)
      .filter((i) => i !== undefined),
  );
  const toggle = (i: number) => setOpen((o) => toggled(o, i));
  /** Open/closed follows the field when it moves. */
  const swapOpen = (i: number, j: number) =>
    setOpen((o) => {
      const n = new Set([...o].filter((x) => x !== i && x !== j));
      if (o.has(i)) n.add(j);
      if (o.has(j)) n.add(i);
      return n;
    });
  return (
    <Section titleId="ed-fields" title={title}>
      <RowList
        idPrefix="ef"
        title={title}
        itemName={t("staffCases.editor.field")}
        items={spec.form.fields}
        name={(f) => loc(f.label) || f.name}
        error={errors["ef-add"]}
        onAdd={() => {
          setOpen((o) => new Set([...o, spec.form.fields.length]));
          edit((s) => void s.form.fields.push({ name: `kolom_${s.form.fields.length + 1}`, type: "text", label: { id: "", en: "" }, required: true }));
        }}
        onRemove={(i) => {
          setOpen((o) => new Set([...o].filter((x) => x !== i).map((x) => (x > i ? x - 1 : x))));
          edit((s) => void s.form.fields.splice(i, 1));
        }}
        onMove={(i, d) => {
          if (i + d < 0 || i + d >= spec.form.fields.length) return;
          swapOpen(i, i + d);
          edit((s) => void Object.assign(s.form, { fields: move(s.form.fields, i, d) }));
        }}
      >
        {(f, i) => {
          const shown = open.has(i) || withErrors.has(i);
          return (
            <>
              <p className="editor-row__summary">
                <span>{t(`staffCases.editor.types.${f.type}`, { defaultValue: f.type })}</span>
                {" · "}
                <span>{f.required ? t("staffCases.editor.required") : t("staffCases.editor.optional")}</span>
              </p>
              <button
                type="button"
                id={`ef-${i}-toggle`}
                className="link-button"
                aria-expanded={shown}
                aria-controls={`ef-${i}-form`}
                onClick={() => toggle(i)}
              >
                {shown ? t("staffCases.editor.closeField") : t("staffCases.editor.editField")}
                <span className="visually-hidden">: {loc(f.label) || f.name}</span>
              </button>
              {shown && <FieldForm i={i} f={f} edit={edit} errors={errors} />}
            </>
          );
        }}
      </RowList>
    </Section>
  );
}
