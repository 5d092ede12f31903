/** The regulations the service rests on, one per row, each with its number (the validator refuses one without). */
import { useTranslation } from "react-i18next";
import type { EditSpec, ServiceSpec } from "../types.ts";
import { type EditorErrors, move, RowList, TextIn } from "./parts.tsx";

export function LegalBasisEditor({ spec, edit, errors }: { spec: ServiceSpec; edit: EditSpec; errors: EditorErrors }) {
  const { t } = useTranslation();
  const title = t("staffCases.editor.legalBasis");
  const list = (spec.legalBasis as string[] | undefined) ?? [];
  const set = (fn: (l: string[]) => string[]) => edit((s) => void Object.assign(s, { legalBasis: fn([...((s.legalBasis as string[] | undefined) ?? [])]) }));
  return (
    <section aria-labelledby="ed-legal">
      <h2 id="ed-legal">{title}</h2>
      <p className="muted">{t("staffCases.editor.legalBasisHint")}</p>
      <RowList
        idPrefix="lb"
        title={title}
        itemName={t("staffCases.editor.legalBasisItem")}
        items={list}
        name={(x, i) => x || `${t("staffCases.editor.legalBasisItem")} ${i + 1}`}
        error={errors["lb-add"]}
        onAdd={() => set((l) => [...l, ""])}
        onRemove={(i) => set((l) => l.filter((_, j) => j !== i))}
        onMove={(i, d) => set((l) => move(l, i, d))}
      >
        {(x, i) => (
          <TextIn
            id={`lb-${i}`}
            className="input editor-wide"
            label={t("staffCases.editor.regulation")}
            error={errors[`lb-${i}`]}
            value={x}
            onChange={(v) => set((l) => l.map((y, j) => (j === i ? v : y)))}
          />
        )}
      </RowList>
    </section>
  );
}
