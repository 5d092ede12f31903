/**
 * TAPD's decisions in the console: record the DPRD-approved APBD (Perda + PDF) while drafting, and afterwards a
 * numbered revision (pergeseran/perubahan) with its decree PDF — the running net change shows whether it balances.
 */
import { type FormEvent, useState } from "react";
import { postForm } from "../../api.ts";
import { FileField, Labelled, ProblemSummary, Radios, SubmitButton, TextField, useProblem } from "../../ui/form.tsx";
import { Notice } from "../../ui/misc.tsx";
import { type Line, rupiah, useBudgetT } from "./shared.tsx";
import { Card } from "../../ui/Section.tsx";

export function ApproveForm({ year, onDone }: { year: number; onDone: () => void }) {
  const { t } = useBudgetT();
  const [perda, setPerda] = useState("");
  const [approver, setApprover] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const { problem, attempt } = useProblem();
  async function send(e: FormEvent) {
    e.preventDefault();
    const form = new FormData();
    form.append("perdaNumber", perda);
    form.append("approver", approver);
    if (file) form.append("decree", file, file.name);
    await attempt(() => postForm(`/api/budget/${year}/approve`, form), onDone);
  }
  return (
    <Card titleId="ang-approve" title={t("console.approve")} className="budget-section">
      <ProblemSummary problem={problem} title={t("console.errors")} />
      <form onSubmit={send} noValidate>
        <TextField id="ang-perda" label={t("console.perdaNumber")} value={perda} onChange={(e) => setPerda(e.target.value)} />
        <TextField id="ang-approver" label={t("rev.approver")} value={approver} onChange={(e) => setApprover(e.target.value)} />
        <FileField id="ang-perda-file" label={t("console.decreeFile")} accept=".pdf,application/pdf" onFile={setFile} />
        <SubmitButton>{t("console.approve")}</SubmitButton>
      </form>
    </Card>
  );
}

type LineOption = Pick<Line, "lineKey" | "unitCode" | "description" | "amount">;

export function RevisionForm({ year, lines, onDone }: { year: number; lines: LineOption[]; onDone: () => void }) {
  const { t, i18n } = useBudgetT();
  const lang = i18n.language;
  const [kind, setKind] = useState("pergeseran");
  const [reason, setReason] = useState("");
  const [approver, setApprover] = useState("");
  const [decree, setDecree] = useState("");
  const [netChange, setNetChange] = useState("0");
  const [file, setFile] = useState<File | null>(null);
  const [changes, setChanges] = useState<{ id: number; lineKey: string; amount: string }[]>([{ id: 0, lineKey: "", amount: "" }]);
  const { problem, attempt } = useProblem();
  const [done, setDone] = useState<number | null>(null);
  const byKey = new Map(lines.map((l) => [l.lineKey, l]));
  const net = changes.reduce((s, c) => s + (c.lineKey && c.amount !== "" ? Number(c.amount) - (byKey.get(c.lineKey)?.amount ?? 0) : 0), 0);
  const set = (i: number, patch: Partial<{ lineKey: string; amount: string }>) => setChanges((cs) => cs.map((c, k) => (k === i ? { ...c, ...patch } : c)));
  async function send(e: FormEvent) {
    e.preventDefault();
    const form = new FormData();
    form.append(
      "revision",
      JSON.stringify({
        kind,
        reason,
        approver,
        decreeNumber: decree,
        ...(kind === "perubahan" ? { netChange: Number(netChange) } : {}),
        changes: changes.filter((c) => c.lineKey && c.amount !== "").map((c) => ({ lineKey: c.lineKey, amount: Number(c.amount) })),
      }),
    );
    if (file) form.append("decree", file, file.name);
    await attempt(
      () => postForm<{ number: number }>(`/api/budget/${year}/revisions`, form),
      (r) => {
        setDone(r.number);
        onDone();
      },
    );
  }
  return (
    <Card titleId="ang-revise" title={t("console.revise")} className="budget-section">
      <ProblemSummary problem={problem} title={t("console.errors")} />
      {done !== null && <Notice title={t("console.revised", { n: done })} />}
      <form onSubmit={send} noValidate>
        <Radios
          name="ang-kind"
          legend={t("rev.kind")}
          value={kind}
          onChange={setKind}
          inline
          options={[
            { value: "pergeseran", label: t("kind.pergeseran") },
            { value: "perubahan", label: t("kind.perubahan") },
          ]}
        />
        <TextField id="ang-reason" label={t("console.reason")} value={reason} onChange={(e) => setReason(e.target.value)} />
        <TextField id="ang-rev-approver" label={t("rev.approver")} value={approver} onChange={(e) => setApprover(e.target.value)} />
        <TextField id="ang-decree" label={t("rev.decree")} value={decree} onChange={(e) => setDecree(e.target.value)} />
        {kind === "perubahan" && (
          <TextField
            id="ang-net"
            label={t("console.netChange")}
            inputMode="numeric"
            width="20"
            value={netChange}
            onChange={(e) => setNetChange(e.target.value)}
          />
        )}
        <fieldset className="fieldset">
          <legend className="field__label">{t("console.changes")}</legend>
          {changes.map((c, i) => (
            <div className="budget-change" key={c.id}>
              <Labelled
                id={`ang-line-${i}`}
                label={
                  <>
                    {t("cmp.line")} {i + 1}
                  </>
                }
              >
                <select id={`ang-line-${i}`} className="select" value={c.lineKey} onChange={(e) => set(i, { lineKey: e.target.value })}>
                  <option value="">–</option>
                  {lines.map((l) => (
                    <option key={l.lineKey} value={l.lineKey}>
                      {l.unitCode} · {l.description} ({rupiah(l.amount, lang)})
                    </option>
                  ))}
                </select>
              </Labelled>
              <TextField
                id={`ang-amount-${i}`}
                label={`${t("console.newAmount")} ${i + 1}`}
                inputMode="numeric"
                width="20"
                value={c.amount}
                onChange={(e) => set(i, { amount: e.target.value.replace(/[^\d]/g, "") })}
              />
            </div>
          ))}
          <button
            type="button"
            className="button button--secondary"
            onClick={() => setChanges((cs) => [...cs, { id: cs.length ? cs[cs.length - 1].id + 1 : 0, lineKey: "", amount: "" }])}
          >
            {t("console.addLine")}
          </button>
        </fieldset>
        <p aria-live="polite">
          {t("console.runningNet")}: <strong>{rupiah(net, lang)}</strong>
        </p>
        <FileField id="ang-decree-file" label={t("console.decreeFile")} accept=".pdf,application/pdf" onFile={setFile} />
        <SubmitButton>{t("console.revise")}</SubmitButton>
      </form>
    </Card>
  );
}
