/** The workflow: start state, states (labels, SLA, terminal) and actions (transitions, roles, requirements). */
import { useTranslation } from "react-i18next";
import { STAFF_ROLES } from "../../../api.ts";
import type { ActionSpec, EditSpec, ServiceSpec, StateSpec } from "../types.ts";
import { Check, In, LabelInputs, RowList, TextIn } from "./parts.tsx";

const ROLES = [...STAFF_ROLES, "citizen"];

const splitList = (text: string) =>
  text
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);

function StateOptions({ keys }: { keys: string[] }) {
  return keys.map((k) => (
    <option key={k} value={k}>
      {k}
    </option>
  ));
}

export function WorkflowEditor({ spec, edit }: { spec: ServiceSpec; edit: EditSpec }) {
  const { t } = useTranslation();
  const stateKeys = spec.workflow.states.map((s) => s.key);
  return (
    <>
      <h2>{t("staffCases.editor.workflow")}</h2>
      <div className="editor-row">
        <In id="wf-start" label={t("staffCases.editor.start")}>
          {(id) => (
            <select
              id={id}
              className="select"
              value={spec.workflow.start}
              onChange={(e) => edit((s) => void Object.assign(s.workflow, { start: e.target.value }))}
            >
              <StateOptions keys={stateKeys} />
            </select>
          )}
        </In>
      </div>
      <StatesEditor spec={spec} edit={edit} />
      <ActionsEditor spec={spec} edit={edit} stateKeys={stateKeys} />
    </>
  );
}

function StatesEditor({ spec, edit }: { spec: ServiceSpec; edit: EditSpec }) {
  const { t } = useTranslation();
  const title = t("staffCases.editor.states");
  const state = (i: number, patch: Partial<StateSpec>) => edit((s) => void Object.assign(s.workflow.states[i], patch));
  return (
    <>
      <h3>{title}</h3>
      <RowList
        title={title}
        items={spec.workflow.states}
        onAdd={() => edit((s) => void s.workflow.states.push({ key: `tahap_${s.workflow.states.length + 1}`, label: { id: "", en: "" } }))}
        onRemove={(i) => edit((s) => void s.workflow.states.splice(i, 1))}
      >
        {(st, i) => (
          <>
            <TextIn id={`s-${i}-key`} label={t("staffCases.editor.key")} className="input mono" value={st.key} onChange={(v) => state(i, { key: v })} />
            <LabelInputs prefix={`s-${i}`} value={st.label} onChange={(lang, v) => state(i, { label: { ...st.label, [lang]: v } })} />
            <TextIn
              id={`s-${i}-sla`}
              label={t("staffCases.editor.slaDays")}
              type="number"
              value={st.slaDays ?? ""}
              onChange={(v) => state(i, { slaDays: v === "" ? undefined : Number(v) })}
            />
            <Check
              id={`s-${i}-term`}
              label={t("staffCases.editor.terminal")}
              checked={!!st.terminal}
              onChange={(v) => state(i, { terminal: v || undefined })}
            />
          </>
        )}
      </RowList>
    </>
  );
}

function ActionsEditor({ spec, edit, stateKeys }: { spec: ServiceSpec; edit: EditSpec; stateKeys: string[] }) {
  const { t } = useTranslation();
  const title = t("staffCases.editor.actions");
  const action = (i: number, patch: Partial<ActionSpec>) => edit((s) => void Object.assign(s.workflow.actions[i], patch));
  return (
    <>
      <h3>{title}</h3>
      <RowList
        title={title}
        items={spec.workflow.actions}
        onAdd={() =>
          edit(
            (s) =>
              void s.workflow.actions.push({
                key: `aksi_${s.workflow.actions.length + 1}`,
                label: { id: "", en: "" },
                from: [],
                to: s.workflow.start,
                roles: [],
              }),
          )
        }
        onRemove={(i) => edit((s) => void s.workflow.actions.splice(i, 1))}
      >
        {(a, i) => (
          <>
            <TextIn id={`a-${i}-key`} label={t("staffCases.editor.key")} className="input mono" value={a.key} onChange={(v) => action(i, { key: v })} />
            <LabelInputs prefix={`a-${i}`} value={a.label} onChange={(lang, v) => action(i, { label: { ...a.label, [lang]: v } })} />
            <In id={`a-${i}-from`} label={t("staffCases.editor.from")}>
              {(id) => <input id={id} className="input mono" defaultValue={a.from.join(", ")} onBlur={(e) => action(i, { from: splitList(e.target.value) })} />}
            </In>
            <In id={`a-${i}-to`} label={t("staffCases.editor.to")}>
              {(id) => (
                <select id={id} className="select" value={a.to} onChange={(e) => action(i, { to: e.target.value })}>
                  {!stateKeys.includes(a.to) && <option value={a.to}>{a.to}</option>}
                  <StateOptions keys={stateKeys} />
                </select>
              )}
            </In>
            <In id={`a-${i}-roles`} label={t("staffCases.editor.roles")}>
              {(id) => (
                <select
                  id={id}
                  className="select"
                  multiple
                  size={4}
                  value={a.roles}
                  onChange={(e) => action(i, { roles: [...e.target.selectedOptions].map((o) => o.value) })}
                >
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {t(`roles.${r}`, { defaultValue: r })}
                    </option>
                  ))}
                </select>
              )}
            </In>
            <Check
              id={`a-${i}-rc`}
              label={t("staffCases.editor.requireComment")}
              checked={!!a.requireComment}
              onChange={(v) => action(i, { requireComment: v || undefined })}
            />
            <Check
              id={`a-${i}-rd`}
              label={t("staffCases.editor.requireDocument")}
              checked={!!a.requireDocument}
              onChange={(v) => action(i, { requireDocument: v || undefined })}
            />
          </>
        )}
      </RowList>
    </>
  );
}
