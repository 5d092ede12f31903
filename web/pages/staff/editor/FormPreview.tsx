/** How the citizen form will look: labels, optional marks, choices; inputs shown as placeholders. */
import { useTranslation } from "react-i18next";
import { useLocalized } from "../shared.tsx";
import type { ServiceSpec } from "../types.ts";

export function FormPreview({ spec }: { spec: ServiceSpec }) {
  const { t } = useTranslation();
  const loc = useLocalized();
  return (
    <>
      <h2>{t("staffCases.editor.preview")}</h2>
      <section className="panel" aria-label={t("staffCases.editor.preview")}>
        <h3>{loc(spec.name)}</h3>
        {spec.form.fields.map((f, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: preview only
          <div key={i} className="field">
            <p className="field__label">
              {loc(f.label) || f.name}
              {!f.required && <span className="muted"> ({t("staffCases.editor.optional").toLowerCase()})</span>}
            </p>
            {f.type === "choice" || f.type === "multichoice" ? (
              <ul className="plain-list">
                {(f.options ?? []).map((o) => (
                  <li key={o.value}>
                    {f.type === "choice" ? "○" : "☐"} {loc(o.label)}
                  </li>
                ))}
              </ul>
            ) : f.type === "checkbox" ? (
              <p>☐</p>
            ) : (
              <div className="input input--wfull preview-input muted" aria-hidden="true">
                {f.type}
              </div>
            )}
          </div>
        ))}
      </section>
    </>
  );
}
