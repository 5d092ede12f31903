/**
 * The workflow, chosen by name from the ones the tenant's services of this kind run; its steps (with the working
 * days of each step this service promises) and its actions shown in words.
 */
import { useTranslation } from "react-i18next";
import type { schemas } from "../../../api.ts";
import { useData } from "../../citizen/shared.tsx";
import { type Localized, useLocalized } from "../shared.tsx";
import type { EditSpec, ServiceSpec, StateSpec } from "../types.ts";
import { type EditorErrors, humanise, In, TextIn } from "./parts.tsx";
import { Options } from "../../../ui/form.tsx";

type Choice = schemas["WorkflowChoice"];

export function WorkflowEditor({ spec, edit, errors }: { spec: ServiceSpec; edit: EditSpec; errors: EditorErrors }) {
  const { t } = useTranslation();
  const loc = useLocalized();
  const choices = useData<Choice[]>(`/api/admin/catalog/workflows?kind=${encodeURIComponent(String(spec.kind ?? "application"))}`);
  const ref = (spec.workflowRef as string | null | undefined) ?? "";
  const wf = spec.workflow as ServiceSpec["workflow"] & { description?: Localized };
  const nameOf = (key: string, description?: Localized) => (description ? loc(description) : "") || humanise(key);
  const label = (x: { key: string; label?: Localized }) => loc(x.label) || humanise(x.key);
  const states = new Map(wf.states.map((s) => [s.key, s]));
  const stateName = (key: string) => (states.has(key) ? label(states.get(key)!) : humanise(key));
  const list = choices.data ?? [];
  return (
    <section aria-labelledby="ed-workflow">
      <h2 id="ed-workflow">{t("staffCases.editor.workflow")}</h2>
      <In id="e-workflow" label={t("staffCases.editor.workflowChoice")} hint={t("staffCases.editor.workflowHint")} error={errors["e-workflow"]}>
        {(id, describedBy) => (
          <select
            id={id}
            className="select editor-wide"
            aria-describedby={describedBy}
            value={ref}
            onChange={(e) => {
              const choice = list.find((c) => c.key === e.target.value);
              if (choice) edit((s) => void Object.assign(s, { workflow: structuredClone(choice.workflow), workflowRef: choice.key }));
            }}
          >
            {(!ref || !list.some((c) => c.key === ref)) && (
              <option value={ref}>{ref ? nameOf(ref, wf.description) : t("staffCases.editor.ownWorkflow")}</option>
            )}
            <Options options={list.map((c) => ({ value: c.key, label: nameOf(c.key, c.workflow.description) }))} />
          </select>
        )}
      </In>

      <h3>{t("staffCases.editor.states")}</h3>
      <ol className="editor-steps">
        {wf.states.map((st, i) => (
          <li key={st.key}>
            <StepRow st={st} i={i} name={label(st)} errors={errors} onDays={(d) => edit((s) => void Object.assign(s.workflow.states[i], { slaDays: d }))} />
          </li>
        ))}
      </ol>

      <h3>{t("staffCases.editor.actions")}</h3>
      <ul className="editor-actions">
        {wf.actions.map((a) => (
          <li key={a.key}>
            <strong>{label(a)}</strong>
            {": "}
            {a.from.map(stateName).join(", ")} → {stateName(a.to)}
            <span className="muted">
              {" · "}
              {a.roles.map((r) => (r === "citizen" ? t("staffCases.editor.citizen") : t(`roles.${r}`, { defaultValue: humanise(r) }))).join(", ")}
              {a.requireComment ? ` · ${t("staffCases.editor.requireComment")}` : ""}
              {a.requireDocument ? ` · ${t("staffCases.editor.requireDocument")}` : ""}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** One step: its name and, where the service's clock runs, its working days; else why the clock stops. */
function StepRow({ st, i, name, errors, onDays }: { st: StateSpec; i: number; name: string; errors: EditorErrors; onDays: (d: number | undefined) => void }) {
  const { t } = useTranslation();
  const note = st.terminal
    ? t(`staffCases.editor.outcome.${String(st.outcome ?? "end")}`, { defaultValue: t("staffCases.editor.terminal") })
    : st.citizenEditable || st.awaitsCitizen
      ? t("staffCases.editor.citizenTurn")
      : st.payment
        ? t("staffCases.editor.paymentStep")
        : st.limit
          ? t("staffCases.editor.limitStep")
          : null;
  if (note) {
    return (
      <p className="editor-step">
        <span>{name}</span> <span className="muted">· {note}</span>
      </p>
    );
  }
  return (
    <TextIn
      id={`st-${i}-days`}
      label={name}
      type="number"
      unit={t("staffCases.editor.workingDays")}
      error={errors[`st-${i}-days`]}
      value={st.slaDays ?? ""}
      onChange={(v) => onDays(v === "" ? undefined : Number(v))}
    />
  );
}
