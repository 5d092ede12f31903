/** What a citizen must bring or upload: text in both languages, optional or not, and the form field that takes it. */
import { useTranslation } from "react-i18next";
import { useLocalized } from "../shared.tsx";
import type { EditSpec, Requirement, ServiceSpec } from "../types.ts";
import { Check, type EditorErrors, In, move, RowList, TextIn } from "./parts.tsx";
import { Options } from "../../../ui/form.tsx";
import { Section } from "../../../ui/Section.tsx";

export function RequirementsEditor({ spec, edit, errors }: { spec: ServiceSpec; edit: EditSpec; errors: EditorErrors }) {
  const { t } = useTranslation();
  const loc = useLocalized();
  const title = t("staffCases.editor.requirements");
  const req = (i: number, patch: Partial<Requirement>) => edit((s) => void Object.assign(s.requirements[i], patch));
  return (
    <Section titleId="ed-reqs" title={title}>
      <RowList
        idPrefix="req"
        title={title}
        itemName={t("staffCases.editor.requirement")}
        items={spec.requirements}
        name={(r) => loc(r)}
        error={errors["req-add"]}
        onAdd={() => edit((s) => void s.requirements.push({ id: "", en: "" }))}
        onRemove={(i) => edit((s) => void s.requirements.splice(i, 1))}
        onMove={(i, d) => edit((s) => void Object.assign(s, { requirements: move(s.requirements, i, d) }))}
      >
        {(r, i) => (
          <div className="editor-grid">
            <TextIn id={`req-${i}-id`} label={t("staffCases.editor.reqId")} error={errors[`req-${i}-id`]} value={r.id} onChange={(v) => req(i, { id: v })} />
            <TextIn id={`req-${i}-en`} label={t("staffCases.editor.reqEn")} error={errors[`req-${i}-en`]} value={r.en} onChange={(v) => req(i, { en: v })} />
            <In id={`req-${i}-field`} label={t("staffCases.editor.reqField")} error={errors[`req-${i}-field`]}>
              {(id, describedBy) => (
                <select
                  id={id}
                  className="select"
                  aria-describedby={describedBy}
                  value={r.field ?? ""}
                  onChange={(e) => req(i, { field: e.target.value || undefined })}
                >
                  <option value="">{t("staffCases.editor.reqNoField")}</option>
                  {r.field && !spec.form.fields.some((f) => f.name === r.field) && <option value={r.field}>{r.field}</option>}
                  <Options options={spec.form.fields.map((f) => ({ value: f.name, label: loc(f.label) || f.name }))} />
                </select>
              )}
            </In>
            <Check id={`req-${i}-opt`} label={t("staffCases.editor.optional")} checked={!!r.optional} onChange={(v) => req(i, { optional: v || undefined })} />
          </div>
        )}
      </RowList>
    </Section>
  );
}
