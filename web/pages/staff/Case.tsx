import { type FormEvent, lazy, Suspense, useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { get, post, ProblemError, uploadFile } from "../../api.ts";
import { useSession } from "../../session.tsx";
import { ErrorSummary, useForm } from "../../ui/form.tsx";
import { BackLink, formatDate, formatDateTime, Loading, Notice, PageTitle } from "../../ui/misc.tsx";
import { type Localized, regionName, type Sla, SlaBadge, useLocalized, useRegions } from "./shared.tsx";

interface Field {
  name: string;
  type: string;
  label: Localized;
  options?: { value: string; label: Localized }[];
}
interface Action {
  key: string;
  label: Localized;
  to: string;
  requireComment: boolean;
  requireDocument: boolean;
  forward: boolean;
}
interface CaseEvent {
  at: string;
  kind: string;
  action: string | null;
  from: string | null;
  to: string | null;
  toLabel: Localized | null;
  actorName: string | null;
  actorRole: string | null;
  comment: string | null;
}
interface CaseFile {
  id: string;
  field: string | null;
  filename: string;
  contentType: string;
  size: number;
  uploadedBy: string;
}
export interface StaffCase {
  id: string;
  number: string;
  service: { key: string; version: number; name: Localized | string; prefix: string; kind: string };
  form: { fields: Field[] };
  state: string;
  stateLabel: Localized;
  isOpen: boolean;
  version: number;
  data: Record<string, unknown>;
  applicantName: string;
  unit: { code: string; name: string } | null;
  kelurahan: string | null;
  submittedAt: string | null;
  slaDueAt: string | null;
  stateDueAt: string | null;
  sla: Sla | "none";
  escalated: boolean;
  actions: Action[];
  events: CaseEvent[];
  files: CaseFile[];
}

// e-Lapor complaints get their map, photos, progress updates and merge (a separate chunk with the map library).
const ComplaintPanel = lazy(() => import("../lapor/staff/ComplaintPanel.tsx"));

const fmtSize = (n: number) => (n > 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

/** /konsol/permohonan/:id — a case for staff: header, answers, files, timeline and the allowed actions. */
export default function CaseView({ id }: { id: string }) {
  const { t } = useTranslation();
  const L = useLocalized();
  const { session } = useSession();
  const tz = session?.tenant.timezone;
  const regions = useRegions();
  const [c, setC] = useState<StaffCase | null>(null);
  const [notice, setNotice] = useState<{ kind: "success" | "warning"; text: string } | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [comment, setComment] = useState("");
  const [forwardTo, setForwardTo] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState("");
  const fileRef = useRef<HTMLInputElement>(null);
  const page = useForm(
    {},
    {
      labels: {
        comment: t("staffCases.case.comment"),
        forwardTo: t("staffCases.case.forwardTo"),
        file: t("staffCases.case.document"),
        note: t("staffCases.case.addComment"),
      },
      fieldMap: { fileIds: "file" },
    },
  );
  const { showProblem, showErrors, clear } = page;

  const load = useCallback(async () => {
    try {
      setC(await get<StaffCase>(`/api/cases/${id}`));
    } catch (err) {
      showProblem(err);
    }
  }, [id, showProblem]);
  useEffect(() => {
    void load();
  }, [load]);

  const resetPanel = () => {
    setOpen(null);
    setComment("");
    setForwardTo("");
    setFile(null);
  };

  const run = async (a: Action, e?: FormEvent) => {
    e?.preventDefault();
    if (!c || busy) return;
    const errs: Record<string, string> = {};
    if (a.requireComment && !comment.trim()) errs.comment = t("staffCases.case.commentMissing");
    // An electronically signed output document (field __document) counts as the document to hand over.
    const signed = c.files.filter((f) => f.field === "__document").at(-1);
    if (a.requireDocument && !file && !signed) errs.file = t("staffCases.case.documentMissing");
    if (a.forward && !forwardTo.trim()) errs.forwardTo = t("staffCases.case.forwardMissing");
    if (Object.keys(errs).length) {
      showErrors(errs);
      return;
    }
    clear();
    setNotice(null);
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
      setC(fresh);
      resetPanel();
      if (fileRef.current) fileRef.current.value = "";
      setNotice({ kind: "success", text: t("staffCases.case.done", { action: L(a.label), state: L(fresh.stateLabel) }) });
    } catch (err) {
      if (err instanceof ProblemError && err.status === 409) {
        await load();
        resetPanel();
        setNotice({ kind: "warning", text: t("staffCases.case.stale") });
      } else {
        showProblem(err);
      }
    } finally {
      setBusy(false);
    }
  };

  const start = (a: Action) => {
    clear();
    if (!a.requireComment && !a.requireDocument && !a.forward && open !== a.key) {
      void run(a);
      return;
    }
    setOpen(a.key);
  };

  const addNote = async (e: FormEvent) => {
    e.preventDefault();
    if (!c || !note.trim()) return;
    clear();
    try {
      await post(`/api/cases/${c.id}/comments`, { comment: note.trim() });
      setNote("");
      setNotice({ kind: "success", text: t("staffCases.case.commentSaved") });
      await load();
    } catch (err) {
      showProblem(err);
    }
  };

  if (!c) {
    return (
      <>
        <ErrorSummary summary={page.summary} />
        <BackLink href="/konsol/permohonan">{t("staffCases.case.back")}</BackLink>
        {!page.summary && <Loading />}
      </>
    );
  }

  const fileById = new Map(c.files.map((f) => [f.id, f]));
  const renderValue = (f: Field, v: unknown) => {
    if (v === undefined || v === null || v === "") return <span className="muted">{t("staffCases.case.empty")}</span>;
    switch (f.type) {
      case "address": {
        const a = v as { street?: string; rt?: string; rw?: string; kecamatan?: string; kelurahan?: string };
        return (
          <>
            {a.street}
            {(a.rt || a.rw) && ` RT ${a.rt ?? "-"} / RW ${a.rw ?? "-"}`}
            <br />
            {[regionName(regions, a.kelurahan), regionName(regions, a.kecamatan)].filter(Boolean).join(", ")}
          </>
        );
      }
      case "file": {
        const ids = Array.isArray(v) ? (v as string[]) : [String(v)];
        return (
          <ul className="plain-list">
            {ids.map((fid) => {
              const meta = fileById.get(fid);
              return (
                <li key={fid}>
                  <a href={`/api/files/${fid}`} target="_blank" rel="noreferrer">
                    {meta?.filename ?? fid}
                  </a>
                  {meta && <span className="muted"> ({fmtSize(meta.size)})</span>}
                </li>
              );
            })}
          </ul>
        );
      }
      case "choice": {
        const o = f.options?.find((x) => x.value === v);
        return o ? L(o.label) : String(v);
      }
      case "multichoice": {
        const vs = Array.isArray(v) ? v : [v];
        return vs.map((x) => L(f.options?.find((o) => o.value === x)?.label) || String(x)).join(", ");
      }
      case "checkbox":
        return v ? t("staffCases.case.yes") : t("staffCases.case.no");
      case "date":
        return formatDate(String(v), tz);
      case "nik":
      case "phone":
        return <span className="mono">{String(v)}</span>;
      default:
        return <span className="pre-wrap">{typeof v === "object" ? JSON.stringify(v) : String(v)}</span>;
    }
  };
  const staffFiles = c.files.filter((f) => !c.form.fields.some((fl) => fl.type === "file" && fl.name === f.field));

  return (
    <>
      <ErrorSummary summary={page.summary} />
      <BackLink href="/konsol/permohonan">{t("staffCases.case.back")}</BackLink>
      <PageTitle caption={L(c.service.name)}>{c.number}</PageTitle>
      <div aria-live="polite">{notice && <Notice kind={notice.kind}>{notice.text}</Notice>}</div>
      <dl className="summary-list case-head">
        <div>
          <dt>{t("staffCases.case.state")}</dt>
          <dd>
            <strong data-testid="case-state">{L(c.stateLabel)}</strong> {!c.isOpen && <span className="tag tag--grey">{t("staffCases.case.closed")}</span>}
          </dd>
        </div>
        <div>
          <dt>{t("staffCases.case.applicant")}</dt>
          <dd>{c.applicantName}</dd>
        </div>
        <div>
          <dt>{t("staffCases.case.unit")}</dt>
          <dd>
            {c.unit?.name ?? "—"}
            {c.kelurahan && c.kelurahan !== c.unit?.code && <span className="muted"> · {regionName(regions, c.kelurahan)}</span>}
          </dd>
        </div>
        <div>
          <dt>{t("staffCases.case.submitted")}</dt>
          <dd>{c.submittedAt ? formatDateTime(c.submittedAt, tz) : "—"}</dd>
        </div>
        <div>
          <dt>{t("staffCases.case.due")}</dt>
          <dd>
            {c.slaDueAt ? formatDate(c.slaDueAt, tz) : "—"} {c.isOpen && <SlaBadge sla={c.sla === "none" ? null : c.sla} escalated={c.escalated} />}
            {c.isOpen && c.stateDueAt && (
              <span className="muted">
                {" "}
                · {t("staffCases.case.stateDue")}: {formatDate(c.stateDueAt, tz)}
              </span>
            )}
          </dd>
        </div>
      </dl>

      <div className="case-layout">
        <div className="case-layout__main">
          {c.service.kind === "complaint" && (
            <Suspense fallback={<Loading />}>
              <ComplaintPanel caseId={c.id} isOpen={c.isOpen} onChanged={() => void load()} />
            </Suspense>
          )}
          <h2>{t("staffCases.case.answers")}</h2>
          <dl className="summary-list">
            {c.form.fields.map((f) => (
              <div key={f.name}>
                <dt>{L(f.label)}</dt>
                <dd>{renderValue(f, c.data?.[f.name])}</dd>
              </div>
            ))}
          </dl>
          {staffFiles.length > 0 && (
            <>
              <h2>{t("staffCases.case.files")}</h2>
              <ul className="plain-list">
                {staffFiles.map((f) => (
                  <li key={f.id}>
                    <a href={`/api/files/${f.id}`} target="_blank" rel="noreferrer">
                      {f.filename}
                    </a>{" "}
                    <span className="muted">({fmtSize(f.size)})</span>
                  </li>
                ))}
              </ul>
            </>
          )}
          <h2>{t("staffCases.case.timeline")}</h2>
          <ol className="timeline">
            {c.events.map((e, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: events are append-only and never reordered
              <li key={i} className="timeline__item">
                <p className="timeline__when muted">{formatDateTime(e.at, tz)}</p>
                <p className="timeline__what">
                  <strong>{e.toLabel && e.kind !== "comment" ? L(e.toLabel) : t(`staffCases.case.kinds.${e.kind}`, { defaultValue: e.kind })}</strong>
                  {e.action && <span className="muted mono"> · {e.action}</span>}
                  {e.actorName && (
                    <span className="muted">
                      {" "}
                      · {t("staffCases.case.by", { name: e.actorName })}
                      {e.actorRole &&
                        ` (${e.actorRole === "citizen" ? t("staffCases.case.citizen") : t(`roles.${e.actorRole}`, { defaultValue: e.actorRole })})`}
                    </span>
                  )}
                </p>
                {e.comment && <p className="timeline__comment pre-wrap">{e.comment}</p>}
              </li>
            ))}
          </ol>
        </div>

        <aside className="case-layout__side" aria-labelledby="actions-title">
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
              <form key={a.key} className="inline-form" onSubmit={(e) => run(a, e)} noValidate>
                <h3>{L(a.label)}</h3>
                {a.forward && (
                  <div className={`field${page.errors.forwardTo ? " field--error" : ""}`}>
                    <label className="field__label" htmlFor="forwardTo">
                      {t("staffCases.case.forwardTo")}
                    </label>
                    <div className="field__hint" id="forwardTo-hint">
                      {t("staffCases.case.forwardHint")}
                    </div>
                    {page.errors.forwardTo && (
                      <p className="field__error" id="forwardTo-error">
                        {page.errors.forwardTo}
                      </p>
                    )}
                    <input
                      id="forwardTo"
                      className="input input--wfull mono"
                      list="forward-units"
                      value={forwardTo}
                      onChange={(e) => setForwardTo(e.target.value)}
                      aria-describedby={`forwardTo-hint${page.errors.forwardTo ? " forwardTo-error" : ""}`}
                      aria-invalid={page.errors.forwardTo ? true : undefined}
                      spellCheck={false}
                    />
                    <datalist id="forward-units">
                      {regions.flatMap((k) => [
                        <option key={k.code} value={k.code}>
                          {k.name}
                        </option>,
                        ...k.kelurahan.map((l) => (
                          <option key={l.code} value={l.code}>
                            {l.name}
                          </option>
                        )),
                      ])}
                    </datalist>
                  </div>
                )}
                {a.requireDocument && (
                  <div className={`field${page.errors.file ? " field--error" : ""}`}>
                    <label className="field__label" htmlFor="file">
                      {t("staffCases.case.document")}
                    </label>
                    {c.files.some((f) => f.field === "__document") && (
                      <p className="field__hint">
                        {t("staffCases.case.signedDocument", { name: c.files.filter((f) => f.field === "__document").at(-1)?.filename })}
                      </p>
                    )}
                    {page.errors.file && (
                      <p className="field__error" id="file-error">
                        {page.errors.file}
                      </p>
                    )}
                    <input
                      ref={fileRef}
                      id="file"
                      type="file"
                      className="file-input"
                      accept="application/pdf,image/jpeg,image/png"
                      aria-describedby={page.errors.file ? "file-error" : undefined}
                      aria-invalid={page.errors.file ? true : undefined}
                      onChange={(e) => setFile(e.target.files?.[0] ?? null)}
                    />
                  </div>
                )}
                <div className={`field${page.errors.comment ? " field--error" : ""}`}>
                  <label className="field__label" htmlFor="comment">
                    {a.requireComment ? t("staffCases.case.commentRequired") : t("staffCases.case.comment")}
                  </label>
                  {page.errors.comment && (
                    <p className="field__error" id="comment-error">
                      {page.errors.comment}
                    </p>
                  )}
                  <textarea
                    id="comment"
                    className="textarea"
                    rows={4}
                    value={comment}
                    onChange={(e) => setComment(e.target.value)}
                    aria-describedby={page.errors.comment ? "comment-error" : undefined}
                    aria-invalid={page.errors.comment ? true : undefined}
                  />
                </div>
                <div className="toolbar__buttons">
                  <button type="submit" className="button" aria-disabled={busy || undefined}>
                    {t("staffCases.case.confirm", { action: L(a.label) })}
                  </button>
                  <button type="button" className="button button--secondary" onClick={resetPanel}>
                    {t("staffCases.case.cancel")}
                  </button>
                </div>
              </form>
            ))}

          <form className="case-note" onSubmit={addNote}>
            <div className="field">
              <label className="field__label" htmlFor="note">
                {t("staffCases.case.addComment")}
              </label>
              <textarea id="note" className="textarea" rows={3} value={note} onChange={(e) => setNote(e.target.value)} />
            </div>
            <button type="submit" className="button button--secondary">
              {t("staffCases.case.commentSend")}
            </button>
          </form>
        </aside>
      </div>
    </>
  );
}
