/** The side panel of a case: the allowed workflow actions (with comment, document or forward target when asked) and a staff comment. */
import { type FormEvent, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { get, post, ProblemError, uploadFile } from "../../../api.ts";
import type { useForm } from "../../../ui/form.tsx";
import { type Kecamatan, useLocalized } from "../shared.tsx";
import type { CaseAction, StaffCase } from "../types.ts";
import { ActionForm } from "./ActionForm.tsx";
import { Labelled, SubmitButton } from "../../../ui/form.tsx";

export type CaseNotice = { kind: "success" | "warning"; text: string };

export function CaseActions({
  c,
  regions,
  page,
  onChanged,
  reload,
  onNotice,
}: {
  c: StaffCase;
  regions: Kecamatan[];
  /** The page's form state (error summary and field errors). */
  page: Pick<ReturnType<typeof useForm>, "errors" | "showProblem" | "showErrors" | "clear">;
  onChanged: (fresh: StaffCase) => void;
  reload: () => Promise<void>;
  onNotice: (n: CaseNotice | null) => void;
}) {
  const { t } = useTranslation();
  const L = useLocalized();
  const { showProblem, showErrors, clear } = page;
  const [open, setOpen] = useState<string | null>(null);
  const [comment, setComment] = useState("");
  const [forwardTo, setForwardTo] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState("");
  const fileRef = useRef<HTMLInputElement>(null);

  const resetPanel = () => {
    setOpen(null);
    setComment("");
    setForwardTo("");
    setFile(null);
  };

  // An electronically signed output document (field __document) counts as the document to hand over.
  const signed = c.files.filter((f) => f.field === "__document").at(-1);

  const run = async (a: CaseAction, e?: FormEvent) => {
    e?.preventDefault();
    if (busy) return;
    const errs: Record<string, string> = {};
    if (a.requireComment && !comment.trim()) errs.comment = t("staffCases.case.commentMissing");
    if (a.requireDocument && !file && !signed) errs.file = t("staffCases.case.documentMissing");
    if (a.forward && !forwardTo.trim()) errs.forwardTo = t("staffCases.case.forwardMissing");
    if (Object.keys(errs).length) {
      showErrors(errs);
      return;
    }
    clear();
    onNotice(null);
    setBusy(true);
    try {
      let fileIds: string[] | undefined;
      if (file) {
        const up = await uploadFile<{ id: string }>(`/api/cases/${c.id}/documents`, file);
        fileIds = [up.id];
      } else if (a.requireDocument && signed) fileIds = [signed.id];
      await post(`/api/cases/${c.id}/actions/${a.key}`, {
        version: c.version,
        ...(comment.trim() ? { comment: comment.trim() } : {}),
        ...(a.forward && forwardTo.trim() ? { forwardTo: forwardTo.trim() } : {}),
        ...(fileIds ? { fileIds } : {}),
      });
      const fresh = await get<StaffCase>(`/api/cases/${c.id}`);
      onChanged(fresh);
      resetPanel();
      if (fileRef.current) fileRef.current.value = "";
      onNotice({ kind: "success", text: t("staffCases.case.done", { action: L(a.label), state: L(fresh.stateLabel) }) });
    } catch (err) {
      if (err instanceof ProblemError && err.status === 409) {
        await reload();
        resetPanel();
        onNotice({ kind: "warning", text: t("staffCases.case.stale") });
      } else {
        showProblem(err);
      }
    } finally {
      setBusy(false);
    }
  };

  const start = (a: CaseAction) => {
    clear();
    if (!a.requireComment && !a.requireDocument && !a.forward && open !== a.key) {
      void run(a);
      return;
    }
    setOpen(a.key);
  };

  const addNote = async (e: FormEvent) => {
    e.preventDefault();
    if (!note.trim()) return;
    clear();
    try {
      await post(`/api/cases/${c.id}/comments`, { comment: note.trim() });
      setNote("");
      onNotice({ kind: "success", text: t("staffCases.case.commentSaved") });
      await reload();
    } catch (err) {
      showProblem(err);
    }
  };

  return (
    <aside className="case-layout__side split__sticky" aria-labelledby="actions-title">
      <h2 id="actions-title">{t("staffCases.case.actions")}</h2>
      {c.actions.length === 0 ? (
        <p className="muted">{t("staffCases.case.noActions")}</p>
      ) : (
        <div className="toolbar__buttons">
          {c.actions.map((a) => (
            <button
              key={a.key}
              type="button"
              className={`button${a.key === "reject" ? " button--warning" : open && open !== a.key ? " button--secondary" : ""}`}
              aria-expanded={a.requireComment || a.requireDocument || a.forward ? open === a.key : undefined}
              aria-disabled={busy || undefined}
              onClick={() => start(a)}
            >
              {L(a.label)}
            </button>
          ))}
        </div>
      )}
      {c.actions
        .filter((a) => a.key === open)
        .map((a) => (
          <ActionForm
            key={a.key}
            action={a}
            errors={page.errors}
            regions={regions}
            signedName={signed?.filename}
            busy={busy}
            comment={comment}
            onComment={setComment}
            forwardTo={forwardTo}
            onForwardTo={setForwardTo}
            fileRef={fileRef}
            onFile={setFile}
            onSubmit={(e) => run(a, e)}
            onCancel={resetPanel}
          />
        ))}

      <form className="case-note" onSubmit={addNote}>
        <Labelled id="note" label={t("staffCases.case.addComment")}>
          <textarea id="note" className="textarea" rows={3} value={note} onChange={(e) => setNote(e.target.value)} />
        </Labelled>
        <SubmitButton className="button--secondary">{t("staffCases.case.commentSend")}</SubmitButton>
      </form>
    </aside>
  );
}
