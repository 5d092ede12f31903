/** The action panels of a letter: the head's disposition form, my disposition (finish/forward), outgoing steps. */
import { useEffect, useState } from "react";
import { post } from "../../api.ts";
import { ErrorSummary, PasswordField, SelectField, SubmitButton, TextField, useForm } from "../../ui/form.tsx";
import { Notice } from "../../ui/misc.tsx";
import { useData } from "../citizen/shared.tsx";
import { delegationLabel, type Directory, type Disposition, type Letter, TextAreaField, useEoT } from "./shared.tsx";

type Done = () => void;

/** The unit's staff as options of a select (everyone but me). */
function StaffOptions({ unitId, except }: { unitId: string; except?: string }) {
  const { t } = useEoT();
  const dir = useData<Directory>(`/api/eoffice/units/${unitId}/directory`);
  return (
    <>
      <option value="">{t("dispose.choose")}</option>
      {dir.data?.staff
        .filter((s) => s.id !== except)
        .map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
    </>
  );
}

/** To whom, the instruction and the deadline: used to dispose and to forward. */
function DispositionForm({
  heading,
  lead,
  url,
  unitId,
  except,
  onDone,
}: {
  heading: string;
  lead?: string;
  url: string;
  unitId: string;
  except?: string;
  onDone: (msg: string) => void;
}) {
  const { t } = useEoT();
  const form = useForm(
    { to: "", instruction: "", dueOn: "" },
    { labels: { to: t("dispose.to"), instruction: t("dispose.instruction"), dueOn: t("dispose.due") } },
  );
  const submit = form.submit(
    (v) => ({
      ...(v.to ? {} : { to: t("dispose.toMissing") }),
      ...(v.instruction.trim() ? {} : { instruction: t("dispose.instructionMissing") }),
    }),
    async (v) => {
      const d = await post<Disposition>(url, { to: v.to, instruction: v.instruction.trim(), ...(v.dueOn ? { dueOn: v.dueOn } : {}) });
      form.setValues({ to: "", instruction: "", dueOn: "" });
      onDone(t("dispose.done", { name: d.to.name }));
    },
  );
  return (
    <section className="panel" aria-labelledby={`${heading}-h`}>
      <h2 id={`${heading}-h`}>{heading}</h2>
      {lead && <p>{lead}</p>}
      <ErrorSummary summary={form.summary} />
      <form onSubmit={submit} noValidate>
        <SelectField id="to" label={t("dispose.to")} {...form.bind("to")}>
          <StaffOptions unitId={unitId} except={except} />
        </SelectField>
        <TextAreaField id="instruction" label={t("dispose.instruction")} hint={t("dispose.instructionHint")} {...form.bind("instruction")} rows={3} />
        <TextField id="dueOn" type="date" width="10" label={t("dispose.due")} {...form.bind("dueOn")} />
        <SubmitButton busy={form.submitting}>{t("dispose.submit")}</SubmitButton>
      </form>
    </section>
  );
}

export function DisposeForm({ letter, onDone }: { letter: Letter; onDone: Done }) {
  const { t } = useEoT();
  const [msg, setMsg] = useState<string | null>(null);
  const as = letter.can.disposeAs;
  return (
    <>
      <div aria-live="polite">{msg && <Notice kind="success">{msg}</Notice>}</div>
      <DispositionForm
        heading={t("dispose.heading")}
        lead={as ? t("dispose.as", { kind: delegationLabel(as.kind), name: as.principalName }) : undefined}
        url={`/api/eoffice/letters/${letter.id}/dispositions`}
        unitId={letter.unit.id}
        onDone={(m) => {
          setMsg(m);
          onDone();
        }}
      />
    </>
  );
}

/** A disposition addressed to me: opened = read; then report it done, or forward it. */
export function MyDisposition({ d, letter, onDone }: { d: Disposition; letter: Letter; onDone: Done }) {
  const { t } = useEoT();
  const [forwarding, setForwarding] = useState(false);
  const [msg, setMsg] = useState<string | null>(null);
  const form = useForm({ note: "" }, { labels: { note: t("mine.finishNote") } });
  // biome-ignore lint/correctness/useExhaustiveDependencies: mark read once when shown
  useEffect(() => {
    if (d.status === "unread") void post(`/api/eoffice/dispositions/${d.id}/read`).catch(() => {});
  }, [d.id]);
  const finish = form.submit(
    (v): Record<string, string> => (v.note.trim() ? {} : { note: t("mine.finishMissing") }),
    async (v) => {
      await post(`/api/eoffice/dispositions/${d.id}/finish`, { note: v.note.trim() });
      setMsg(t("mine.finished"));
      onDone();
    },
  );
  return (
    <section className="panel" aria-labelledby={`mine-${d.id}`} data-testid="my-disposition">
      <h2 id={`mine-${d.id}`}>{t("mine.heading")}</h2>
      <p>
        <strong>{d.from.name}:</strong> {d.instruction}
      </p>
      <div aria-live="polite">{msg && <Notice kind="success">{msg}</Notice>}</div>
      <ErrorSummary summary={form.summary} />
      <form onSubmit={finish} noValidate>
        <TextAreaField id="note" label={t("mine.finishNote")} {...form.bind("note")} rows={3} />
        <div className="eo-actions">
          <SubmitButton busy={form.submitting}>{t("mine.finish")}</SubmitButton>
          <button type="button" className="button button--secondary" aria-expanded={forwarding} onClick={() => setForwarding((f) => !f)}>
            {t("mine.forward")}
          </button>
        </div>
      </form>
      {forwarding && (
        <DispositionForm
          heading={t("mine.forward")}
          url={`/api/eoffice/dispositions/${d.id}/forward`}
          unitId={letter.unit.id}
          except={d.to.id}
          onDone={(m) => {
            setMsg(m);
            onDone();
          }}
        />
      )}
    </section>
  );
}

/** Draft → verification → signing → signed → sent: the step the viewer may take now. */
export function OutgoingActions({ letter, onDone }: { letter: Letter; onDone: Done }) {
  const { t } = useEoT();
  const form = useForm({ passphrase: "", note: "" }, { labels: { passphrase: t("out.passphrase"), note: t("out.returnNote") } });
  const c = letter.can;
  if (letter.direction !== "outgoing" || !(c.submit || c.review || c.sign || c.send)) return null;
  const step = (path: string, body: object = {}) =>
    form.submit(
      () => ({}),
      async () => {
        await post(`/api/eoffice/letters/${letter.id}/${path}`, body);
        form.setValues({ passphrase: "", note: "" });
        onDone();
      },
    );
  const sign = form.submit(
    (v): Record<string, string> => (v.passphrase ? {} : { passphrase: t("out.passphraseMissing") }),
    async (v) => {
      await post(`/api/eoffice/letters/${letter.id}/sign`, { passphrase: v.passphrase });
      form.setValues({ passphrase: "", note: "" });
      onDone();
    },
  );
  return (
    <section className="panel" aria-label={t("letter.outgoing")}>
      <ErrorSummary summary={form.summary} />
      {c.submit && (
        <button type="button" className="button" onClick={step("submit")}>
          {t("out.submit")}
        </button>
      )}
      {c.review && (
        <>
          <TextAreaField id="note" label={t("out.returnNote")} {...form.bind("note")} rows={2} />
          <div className="eo-actions">
            <button type="button" className="button" onClick={step("review", { decision: "approve" })}>
              {t("out.approve")}
            </button>
            <button type="button" className="button button--secondary" onClick={step("review", { decision: "return", note: form.values.note })}>
              {t("out.return")}
            </button>
          </div>
        </>
      )}
      {c.sign && (
        <form onSubmit={sign} noValidate>
          <h2>{t("out.signHeading")}</h2>
          {c.signAs && <p>{t("out.signAs", { kind: delegationLabel(c.signAs.kind), name: c.signAs.principalName })}</p>}
          <p>
            <a href={`/api/eoffice/letters/${letter.id}/preview`} target="_blank" rel="noopener">
              {t("out.preview")}
            </a>
          </p>
          <PasswordField id="passphrase" label={t("out.passphrase")} autoComplete="off" {...form.bind("passphrase")} />
          <SubmitButton busy={form.submitting}>{t("out.sign")}</SubmitButton>
        </form>
      )}
      {c.send && (
        <button type="button" className="button" onClick={step("send")}>
          {t("out.send")}
        </button>
      )}
    </section>
  );
}
