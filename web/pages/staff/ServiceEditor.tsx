import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { get, post, put } from "../../api.ts";
import { useSession } from "../../session.tsx";
import { ErrorSummary, useForm } from "../../ui/form.tsx";
import { BackLink, Loading, Notice, PageTitle } from "../../ui/misc.tsx";
import "./staff.css";
import { BasicsEditor } from "./editor/BasicsEditor.tsx";
import { FieldsEditor } from "./editor/FieldsEditor.tsx";
import { FormPreview } from "./editor/FormPreview.tsx";
import { RequirementsEditor } from "./editor/RequirementsEditor.tsx";
import { VersionHistory } from "./editor/VersionHistory.tsx";
import { WorkflowEditor } from "./editor/WorkflowEditor.tsx";
import { useLocalized } from "./shared.tsx";
import type { EditorData, EditSpec, ServiceSpec } from "./types.ts";

/** /konsol/layanan/:key — edit a service's draft, preview the citizen form, publish. */
export default function ServiceEditor({ serviceKey }: { serviceKey: string }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const tz = session?.tenant.timezone;
  const [data, setData] = useState<EditorData | null>(null);
  const [spec, setSpec] = useState<ServiceSpec | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const page = useForm({}, {});
  const { showProblem, clear } = page;
  const loc = useLocalized();
  const base = `/api/admin/catalog/services/${encodeURIComponent(serviceKey)}`;

  const load = useCallback(async () => {
    try {
      const d = await get<EditorData>(`${base}/editor`);
      setData(d);
      setSpec(structuredClone(d.spec));
    } catch (err) {
      showProblem(err);
    }
  }, [base, showProblem]);
  useEffect(() => {
    void load();
  }, [load]);

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

  /** Runs a write with the busy flag; errors go to the summary. */
  const write = async (fn: () => Promise<void>) => {
    clear();
    setBusy(true);
    try {
      await fn();
    } catch (err) {
      showProblem(err);
    } finally {
      setBusy(false);
    }
  };
  const save = () => {
    setNotice(null);
    return write(async () => {
      const r = await put<{ version: number }>(`${base}/draft`, { spec });
      await load();
      setNotice(t("staffCases.editor.saved", { version: r.version }));
    });
  };
  const publish = () =>
    write(async () => {
      await post(`${base}/publish`, { version: data.version });
      setConfirming(false);
      await load();
      setNotice(t("staffCases.editor.published_ok", { version: data.version }));
    });

  return (
    <>
      <ErrorSummary summary={page.summary} />
      <BackLink href="/konsol/layanan">{t("staffCases.editor.listTitle")}</BackLink>
      <PageTitle caption={`${spec.key} · v${data.version} (${data.status === "draft" ? t("staffCases.editor.draft") : t("staffCases.editor.published")})`}>
        {t("staffCases.editor.title", { name: loc(spec.name) })}
      </PageTitle>
      <div aria-live="polite">{notice && <Notice>{notice}</Notice>}</div>
      <p>
        <Link href={`/konsol/layanan/${encodeURIComponent(serviceKey)}/dokumen`}>{t("staffCases.editor.outputDocument")}</Link>
      </p>

      <BasicsEditor spec={spec} edit={edit} />
      <RequirementsEditor spec={spec} edit={edit} />
      <FieldsEditor spec={spec} edit={edit} />
      <WorkflowEditor spec={spec} edit={edit} />

      <div className="panel" style={{ marginTop: "2rem" }}>
        <div className="toolbar__buttons">
          <button type="button" className="button" onClick={save} aria-disabled={busy || undefined}>
            {t("staffCases.editor.save")}
          </button>
          {data.status === "draft" && !confirming && (
            <button type="button" className="button button--secondary" onClick={() => setConfirming(true)}>
              {t("staffCases.editor.publish")}
            </button>
          )}
        </div>
        {confirming && (
          <fieldset className="inline-form" aria-labelledby="publish-q">
            <p id="publish-q">{t("staffCases.editor.publishConfirm", { version: data.version })}</p>
            <div className="toolbar__buttons">
              <button type="button" className="button" onClick={publish} aria-disabled={busy || undefined}>
                {t("staffCases.editor.publish")} v{data.version}
              </button>
              <button type="button" className="button button--secondary" onClick={() => setConfirming(false)}>
                {t("staffCases.case.cancel")}
              </button>
            </div>
          </fieldset>
        )}
      </div>

      <FormPreview spec={spec} />
      <VersionHistory versions={data.versions} tz={tz} />
    </>
  );
}
