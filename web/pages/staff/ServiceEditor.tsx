import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { get, ProblemError, post, put } from "../../api.ts";
import { useSession } from "../../session.tsx";
import { ErrorSummary, type Summary, useBusy, useForm } from "../../ui/form.tsx";
import { BackLink, Loading, Notice, PageTitle, useLoad } from "../../ui/misc.tsx";
import "./staff.css";
import { BasicsEditor } from "./editor/BasicsEditor.tsx";
import { FieldsEditor } from "./editor/FieldsEditor.tsx";
import { controlFor, placeOf } from "./editor/editorErrors.ts";
import { FormPreview } from "./editor/FormPreview.tsx";
import { LegalBasisEditor } from "./editor/LegalBasisEditor.tsx";
import type { EditorErrors } from "./editor/parts.tsx";
import { RequirementsEditor } from "./editor/RequirementsEditor.tsx";
import { VersionHistory } from "./editor/VersionHistory.tsx";
import { WorkflowEditor } from "./editor/WorkflowEditor.tsx";
import { useLocalized } from "./shared.tsx";
import type { EditorData, EditSpec, ServiceSpec } from "./types.ts";

const NO_PROBLEMS = { errors: {}, summary: null };

/** /konsol/layanan/:key — edit a service's draft beside a live preview of the citizen form, then publish. */
export default function ServiceEditor({ serviceKey }: { serviceKey: string }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const tz = session?.tenant.timezone;
  const [data, setData] = useState<EditorData | null>(null);
  const [spec, setSpec] = useState<ServiceSpec | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const { busy, run } = useBusy();
  const page = useForm({}, {});
  // The spec validator's errors: by control id beside the controls, and the summary (bumped per failed save).
  const [problems, setProblems] = useState<{ errors: EditorErrors; summary: Summary | null }>(NO_PROBLEMS);
  const failures = useRef(0);
  const { showProblem, clear } = page;
  const loc = useLocalized();
  const base = `/api/admin/catalog/services/${encodeURIComponent(serviceKey)}`;

  const load = useLoad(
    async () => {
      const d = await get<EditorData>(`${base}/editor`);
      setData(d);
      setSpec(structuredClone(d.spec));
    },
    showProblem,
    base,
  );

  if (!spec || !data) {
    return (
      <>
        <ErrorSummary summary={page.summary} />
        <BackLink href="/konsol/layanan">{t("staffCases.editor.listTitle")}</BackLink>
        {!page.summary && <Loading />}
      </>
    );
  }

  const edit: EditSpec = (fn) =>
    setSpec((old) => {
      const next = structuredClone(old!);
      fn(next);
      return next;
    });

  /** The validator's errors beside the controls they concern, and each in the summary with where it is. */
  const showSpecProblem = (err: unknown) => {
    if (!(err instanceof ProblemError) || !err.errors.length) return showProblem(err);
    const errors: EditorErrors = {};
    const items: Summary["items"] = [];
    for (const e of err.errors) {
      const id = controlFor(e.field);
      const where = placeOf(e.field, spec, t, loc);
      if (id) errors[id] = errors[id] ? `${errors[id]}. ${e.message}` : e.message;
      items.push({ field: id, message: where ? `${where}: ${e.message}` : e.message });
    }
    failures.current += 1;
    setProblems({ errors, summary: { title: err.title, items, n: failures.current } });
  };
  /** Runs a write with the busy flag (one at a time); errors go beside their fields and to the summary. */
  const write = (fn: () => Promise<void>) =>
    run(async () => {
      clear();
      setProblems(NO_PROBLEMS);
      setNotice(null);
      await fn();
    }, showSpecProblem);
  const saveDraft = () => put<{ version: number }>(`${base}/draft`, { spec });
  const save = () =>
    write(async () => {
      const r = await saveDraft();
      await load();
      setNotice(t("staffCases.editor.saved", { version: r.version }));
    });
  /** Publishes what is on screen: saved as the draft first, so no edit is left behind. */
  const publish = () =>
    write(async () => {
      setConfirming(false);
      const r = await saveDraft();
      await post(`${base}/publish`, { version: r.version });
      await load();
      setNotice(t("staffCases.editor.published_ok", { version: r.version }));
    });
  const errors = problems.errors;
  // What publishing makes: the open draft, or a new version after the published one.
  const nextVersion = data.status === "draft" ? data.version : data.version + 1;

  return (
    <>
      <ErrorSummary summary={problems.summary ?? page.summary} />
      <BackLink href="/konsol/layanan">{t("staffCases.editor.listTitle")}</BackLink>
      <PageTitle caption={`${spec.key} · v${data.version} (${data.status === "draft" ? t("staffCases.editor.draft") : t("staffCases.editor.published")})`}>
        {t("staffCases.editor.title", { name: loc(spec.name) })}
      </PageTitle>
      <div aria-live="polite">{notice && <Notice>{notice}</Notice>}</div>
      <p>
        <Link href={`/konsol/layanan/${encodeURIComponent(serviceKey)}/dokumen`}>{t("staffCases.editor.outputDocument")}</Link>
      </p>

      <div className="split editor-layout">
        <div className="editor-main">
          <BasicsEditor spec={spec} edit={edit} errors={errors} />
          <LegalBasisEditor spec={spec} edit={edit} errors={errors} />
          <RequirementsEditor spec={spec} edit={edit} errors={errors} />
          <FieldsEditor spec={spec} edit={edit} errors={errors} />
          <WorkflowEditor spec={spec} edit={edit} errors={errors} />

          <div className="panel editor-save">
            <p className="muted">{t("staffCases.editor.saveHint")}</p>
            <div className="toolbar__buttons">
              <button type="button" className="button" onClick={save} aria-disabled={busy || undefined}>
                {t("staffCases.editor.save")}
              </button>
              {!confirming && (
                <button type="button" className="button button--secondary" onClick={() => setConfirming(true)}>
                  {t("staffCases.editor.publish")}
                </button>
              )}
            </div>
            {confirming && (
              <fieldset className="inline-form" aria-labelledby="publish-q">
                <p id="publish-q">{t("staffCases.editor.publishConfirm", { version: nextVersion })}</p>
                <div className="toolbar__buttons">
                  <button type="button" className="button" onClick={publish} aria-disabled={busy || undefined}>
                    {t("staffCases.editor.publish")} v{nextVersion}
                  </button>
                  <button type="button" className="button button--secondary" onClick={() => setConfirming(false)}>
                    {t("staffCases.case.cancel")}
                  </button>
                </div>
              </fieldset>
            )}
          </div>
        </div>
        <FormPreview spec={spec} />
      </div>
      <VersionHistory versions={data.versions} tz={tz} />
    </>
  );
}
