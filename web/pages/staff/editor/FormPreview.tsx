/**
 * The citizen form as it will be, drawn with the citizen application's own FieldInput, so the preview is truthful;
 * it follows every edit. Answers typed here stay in the preview.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { FieldInput } from "../../citizen/FieldInput.tsx";
import { type FormField, type Region, useData } from "../../citizen/shared.tsx";
import { useLocalized } from "../shared.tsx";
import type { ServiceSpec } from "../types.ts";

export function FormPreview({ spec }: { spec: ServiceSpec }) {
  const { t } = useTranslation();
  const loc = useLocalized();
  const regions = useData<Region[]>("/api/regions");
  const [values, setValues] = useState<Record<string, unknown>>({});
  const untitled = t("staffCases.editor.untitled");
  const names = new Set<string>();
  return (
    <section className="panel editor-preview" aria-labelledby="ed-preview" data-testid="form-preview">
      <h2 id="ed-preview">{t("staffCases.editor.preview")}</h2>
      <p className="muted">{t("staffCases.editor.previewHint")}</p>
      <h3 className="editor-preview__title">{loc(spec.name)}</h3>
      {spec.requirements.length > 0 && (
        <>
          <h4>{t("staffCases.editor.requirements")}</h4>
          <ul>
            {spec.requirements.map((r, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: preview only
              <li key={i}>
                {loc(r) || untitled}
                {r.optional ? ` (${t("staffCases.editor.optional").toLowerCase()})` : ""}
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="editor-preview__form">
        {spec.form.fields.map((f, i) => {
          // Two fields being edited may share a code for a moment: the preview keeps its ids unique meanwhile.
          const name = names.has(f.name) || !f.name ? `${f.name}_${i}` : f.name;
          names.add(name);
          const field = { ...f, name, label: { id: f.label.id || untitled, en: f.label.en || f.label.id || untitled } } as unknown as FormField;
          return (
            <FieldInput
              // biome-ignore lint/suspicious/noArrayIndexKey: the preview follows the edited list by position
              key={i}
              f={field}
              value={values[name]}
              errs={{}}
              files={[]}
              regions={regions.data}
              onChange={(v) => setValues((old) => ({ ...old, [name]: v }))}
              onUpload={() => {}}
              onRemove={() => {}}
            />
          );
        })}
      </div>
    </section>
  );
}
