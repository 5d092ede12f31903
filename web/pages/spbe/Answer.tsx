/** One indicator's answer: level (with the framework's maturity names), explanation, evidence, pre-filled data; Kominfo reviews. */
import { type FormEvent, useState } from "react";
import { post, put, uploadFile } from "../../api.ts";
import { FileField, Labelled, ProblemSummary, Radios, SubmitButton, TextAreaField, useProblem } from "../../ui/form.tsx";
import { Notice } from "../../ui/misc.tsx";
import { useData } from "../citizen/shared.tsx";
import { type AssessmentView, type IndicatorView, type Prefill, useSpbeT } from "./shared.tsx";
import { Card } from "../../ui/Section.tsx";

export function AnswerPanel({
  assessmentId,
  view,
  indicator,
  manage,
  onSaved,
  onClose,
}: {
  assessmentId: string;
  view: AssessmentView;
  indicator: IndicatorView;
  manage: boolean;
  onSaved: () => void;
  onClose: () => void;
}) {
  const { t } = useSpbeT();
  const { min, max, names } = view.framework.levels;
  const [level, setLevel] = useState(indicator.answer ? String(indicator.answer.level) : "");
  const [explanation, setExplanation] = useState(indicator.answer?.explanation ?? "");
  const [note, setNote] = useState("");
  const { problem: err, attempt } = useProblem();
  const [done, setDone] = useState<string | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const pre = useData<Prefill>(indicator.prefill ? `/api/spbe/assessments/${assessmentId}/prefill` : null);
  const base = `/api/spbe/assessments/${assessmentId}/answers/${encodeURIComponent(indicator.code)}`;
  async function run(fn: () => Promise<unknown>, message: string) {
    setDone(null);
    await attempt(fn, () => {
      setDone(message);
      onSaved();
    });
  }
  const save = (e: FormEvent) => {
    e.preventDefault();
    void run(() => put(base, { level: Number(level || 0), explanation }), t("saved"));
  };
  const levelError = err?.errors.find((f) => f.field === "level")?.message;
  const options = Array.from({ length: max - min + 1 }, (_, k) => String(min + k)).map((v) => ({ value: v, label: `${v} — ${names[v] ?? ""}` }));
  // The indicator names its figure by key (services-online, sla-compliance, …): a record of numbers and a source.
  const facts = (indicator.prefill ? pre.data?.[indicator.prefill] : undefined) as Record<string, unknown> | undefined;
  return (
    <Card titleId="spbe-answer-title" title={t("answerTitle", { code: indicator.code, name: indicator.name })} className="spbe-answer" level={3}>
      <ProblemSummary problem={err} title={t("errorsTitle")} level={4} />
      {done && <Notice title={done} />}
      {indicator.answer?.reviewNote && <Notice kind="warning">{t("reviewNote", { note: indicator.answer.reviewNote })}</Notice>}
      {facts && (
        <div className="spbe-prefill">
          <h4>{t("prefill")}</h4>
          <ul>
            {Object.entries(facts)
              .filter(([k]) => k !== "source")
              .map(([k, v]) => (
                <li key={k}>
                  {k}: {String(v ?? "–")}
                </li>
              ))}
          </ul>
        </div>
      )}
      <form onSubmit={save} noValidate>
        <Radios name="spbe-level" legend={t("levelLegend")} value={level} options={options} onChange={setLevel} error={levelError} />
        <TextAreaField
          id="spbe-explanation"
          label={t("explanation")}
          hint={t("explanationHint")}
          inputClassName="textarea"
          rows={4}
          value={explanation}
          onChange={(e) => setExplanation(e.target.value)}
        />
        <SubmitButton>{t("save")}</SubmitButton>
      </form>
      <FileField id="spbe-evidence" label={t("evidence")} accept=".pdf,.png,.jpg,.jpeg" onFile={setFile}>
        <button
          type="button"
          className="button button--secondary"
          disabled={!file}
          onClick={() => file && void run(() => uploadFile(`${base}/evidence`, file), t("uploaded"))}
        >
          {t("upload")}
        </button>
        {indicator.evidence.length > 0 && (
          <ul>
            {indicator.evidence.map((f) => (
              <li key={f.id}>
                <a href={`/api/spbe/assessments/${assessmentId}/evidence/${f.id}`}>{f.filename}</a> <code className="spbe-hash">{f.sha256.slice(0, 12)}…</code>
              </li>
            ))}
          </ul>
        )}
      </FileField>
      {manage && indicator.answer && (
        <div className="spbe-review">
          <Labelled id="spbe-note" label={t("note")}>
            <input id="spbe-note" className="input" value={note} onChange={(e) => setNote(e.target.value)} />
          </Labelled>
          <button
            type="button"
            className="button"
            onClick={() => void run(() => post(`${base}/review`, { decision: "accept", level: Number(level || 0) }), t("status.accepted"))}
          >
            {t("accept")}
          </button>{" "}
          <button
            type="button"
            className="button button--warning"
            onClick={() => void run(() => post(`${base}/review`, { decision: "return", note }), t("status.returned"))}
          >
            {t("return")}
          </button>
        </div>
      )}
      <button type="button" className="button button--secondary spbe-close" onClick={onClose}>
        {t("close")}
      </button>
    </Card>
  );
}
