/** Kominfo's part of the SPBE screen: open an evaluation of a framework for a year, and assign an indicator to an OPD. */
import { type FormEvent, useState } from "react";
import { post, put, type schemas } from "../../api.ts";
import { problemMessage, SelectField, SubmitButton, TextField, useProblem } from "../../ui/form.tsx";
import { useData } from "../citizen/shared.tsx";
import { useSpbeT } from "./shared.tsx";

export function NewAssessment({ onCreated }: { onCreated: (id: string) => void }) {
  const { t } = useSpbeT();
  const list = useData<schemas["SpbeFramework"][]>("/api/spbe/frameworks");
  const [framework, setFramework] = useState("");
  const [year, setYear] = useState(String(new Date().getFullYear()));
  const { problem, attempt } = useProblem();
  const err = problem && problemMessage(problem);
  async function send(e: FormEvent) {
    e.preventDefault();
    await attempt(
      () => post<{ id: string }>("/api/spbe/assessments", { framework: framework || list.data?.[0]?.key, year: Number(year) }),
      (r) => onCreated(r.id),
    );
  }
  return (
    <form className="card spbe-new" onSubmit={send} noValidate>
      <h2 className="card__title">{t("manage.new")}</h2>
      <SelectField
        id="spbe-fw"
        label={t("manage.framework")}
        value={framework}
        onChange={(e) => setFramework(e.target.value)}
        options={(list.data ?? []).map((f) => ({ value: f.key, label: f.name }))}
      />
      <TextField
        id="spbe-year"
        label={t("manage.year")}
        inputMode="numeric"
        width="6"
        value={year}
        error={err ?? undefined}
        onChange={(e) => setYear(e.target.value)}
      />
      <SubmitButton>{t("manage.create")}</SubmitButton>
    </form>
  );
}

export function AssignCell({
  assessmentId,
  indicator,
  unitCode,
  onDone,
}: {
  assessmentId: string;
  indicator: string;
  unitCode: string | null;
  onDone: () => void;
}) {
  const { t } = useSpbeT();
  const [value, setValue] = useState(unitCode ?? "");
  const { problem, attempt } = useProblem();
  const err = problem !== null;
  async function save() {
    await attempt(() => put(`/api/spbe/assessments/${assessmentId}/assignments`, { assignments: [{ indicator, unitCode: value }] }), onDone);
  }
  return (
    <span className="spbe-assign">
      <input
        className={`input input--w6${err ? " input--error" : ""}`}
        aria-label={t("manage.unitFor", { code: indicator })}
        aria-invalid={err || undefined}
        value={value}
        onChange={(e) => setValue(e.target.value.toUpperCase())}
      />
      <button
        type="button"
        className="button button--secondary button--small"
        onClick={() => void save()}
        aria-label={t("manage.assignFor", { code: indicator })}
      >
        {t("manage.assign")}
      </button>
    </span>
  );
}
