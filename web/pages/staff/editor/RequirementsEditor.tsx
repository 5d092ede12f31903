/** The requirements a citizen must bring (Indonesian and English text, optional or not). */
import { useTranslation } from "react-i18next";
import type { EditSpec, Requirement, ServiceSpec } from "../types.ts";
import { Check, RowList, TextIn } from "./parts.tsx";

export function RequirementsEditor({ spec, edit }: { spec: ServiceSpec; edit: EditSpec }) {
  const { t } = useTranslation();
  const title = t("staffCases.editor.requirements");
  const req = (i: number, patch: Partial<Requirement>) => edit((s) => void Object.assign(s.requirements[i], patch));
  return (
    <>
      <h2>{title}</h2>
      <RowList
        title={title}
        items={spec.requirements}
        onAdd={() => edit((s) => void s.requirements.push({ id: "", en: "" }))}
        onRemove={(i) => edit((s) => void s.requirements.splice(i, 1))}
      >
        {(r, i) => (
          <>
            <TextIn id={`req-${i}-id`} label={t("staffCases.editor.reqId")} value={r.id} onChange={(v) => req(i, { id: v })} />
            <TextIn id={`req-${i}-en`} label={t("staffCases.editor.reqEn")} value={r.en} onChange={(v) => req(i, { en: v })} />
            <Check id={`req-${i}-opt`} label={t("staffCases.editor.optional")} checked={!!r.optional} onChange={(v) => req(i, { optional: v || undefined })} />
          </>
        )}
      </RowList>
    </>
  );
}
