/** /konsol/tanda-tangan — the signer's queue: preview each PDF, sign one or many with the passphrase (with progress); certificate; Plt./Plh. */
import { useState } from "react";
import type { schemas } from "../../api.ts";
import { hasPermission, useSession } from "../../session.tsx";
import { ErrorSummary, PasswordField, SubmitButton, useForm } from "../../ui/form.tsx";
import { BackLink, formatDate, Loading, Notice, PageTitle } from "../../ui/misc.tsx";
import { useData } from "../citizen/shared.tsx";
import { BulkProgress, type BulkItem, type BulkRun, useBulkSigning } from "./bulk.tsx";
import { type Certificate, CertificatePanel } from "./CertificatePanel.tsx";
import { DelegationPanel } from "./DelegationPanel.tsx";
import { IssueCertificateDialog } from "./IssueCertificateDialog.tsx";
import { kindLabel, useDocsT } from "./shared.tsx";
import { toggled } from "../../ui/sets.ts";

interface QueueItem {
  id: string;
  title: string;
  caseId: string;
  caseNumber: string | null;
  applicantName: string | null;
  unit: { id: string; name: string };
  role: string;
  delegation: { id: string; kind: "plt" | "plh"; principalName: string } | null;
  createdAt: string;
}

export default function SigningQueue() {
  const { t } = useDocsT();
  const { session } = useSession();
  const queue = useData<QueueItem[]>("/api/documents/queue");
  const certs = useData<Certificate[]>("/api/documents/certificates");
  const status = useData<schemas["SigningStatus"]>("/api/documents/signing-status");
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [notice, setNotice] = useState<{ kind: "success" | "warning"; text: string } | null>(null);
  // The documents waiting for a certificate: the guided issuing dialog is open for them.
  const [issueFor, setIssueFor] = useState<BulkItem[] | null>(null);
  const bulk = useBulkSigning(queue.reload);
  const form = useForm({ passphrase: "" }, { labels: { passphrase: t("queue.passphrase") } });
  const items = queue.data ?? [];
  const active = certs.data?.find((c) => !c.revokedAt);
  // The server says whether a certificate is missing (with BSrE there is none to issue here).
  const needsCertificate = status.data?.signer === "local" && !status.data.ready;
  const run = bulk.run;
  const paused = !!run && !run.running && run.remaining.length > 0;

  const toggle = (id: string) => setSelected((s) => toggled(s, id));
  const allSelected = items.length > 0 && items.every((i) => selected.has(i.id));
  const labelOf = (d: QueueItem) => `${d.title} · ${t("queue.case", { number: d.caseNumber ?? "-" })}`;

  /** After a run: a plain notice when everything went through, the certificate dialog when one is missing. */
  const finished = (r: BulkRun | null) => {
    if (!r) return;
    if (r.halt?.kind === "certificate") setIssueFor(r.remaining);
    if (r.remaining.length > 0) return;
    setNotice(
      r.failures.length
        ? { kind: "warning", text: `${t("queue.signed", { count: r.signed })} ${t("queue.failedCount", { count: r.failures.length })}` }
        : { kind: "success", text: t("queue.signed", { count: r.signed }) },
    );
    if (r.failures.length === 0) bulk.clear();
  };

  const sign = form.submit(
    (v) => {
      const errs: Record<string, string> = {};
      if (!paused && selected.size === 0) errs.docs = t("queue.noneSelected");
      if (!v.passphrase && !needsCertificate) errs.passphrase = t("queue.passphraseMissing");
      return errs;
    },
    async (v) => {
      setNotice(null);
      if (paused && needsCertificate && run) {
        setIssueFor(run.remaining);
        return;
      }
      if (paused) {
        form.setValues({ passphrase: "" });
        finished(await bulk.resume(v.passphrase));
        return;
      }
      const chosen = items.filter((i) => selected.has(i.id)).map((d) => ({ id: d.id, label: labelOf(d) }));
      // Without a certificate the dialog comes first; the selection stays if it is cancelled.
      if (needsCertificate) {
        setIssueFor(chosen);
        return;
      }
      setSelected(new Set());
      form.setValues({ passphrase: "" });
      finished(await bulk.start(chosen, v.passphrase));
    },
  );

  const issued = async (passphrase: string) => {
    const waiting = issueFor ?? [];
    setIssueFor(null);
    setSelected(new Set());
    certs.reload();
    status.reload();
    if (paused && run?.halt?.kind === "certificate") finished(await bulk.resume(passphrase));
    else if (waiting.length) finished(await bulk.start(waiting, passphrase));
  };

  return (
    <>
      <BackLink href="/konsol">{t("queue.back")}</BackLink>
      <ErrorSummary summary={form.summary} />
      <PageTitle>{t("queue.title")}</PageTitle>
      <p>{t("queue.lead")}</p>
      <div aria-live="polite">{notice && <Notice kind={notice.kind}>{notice.text}</Notice>}</div>

      <h2>{t("queue.heading")}</h2>
      {queue.error && <Notice kind="warning">{queue.error.title}</Notice>}
      {!queue.data && !queue.error && <Loading />}
      {queue.data && items.length === 0 && !run && <p data-testid="queue-empty">{t("queue.empty")}</p>}
      {(items.length > 0 || run) && (
        <form onSubmit={sign} noValidate>
          {items.length > 0 && (
            <div className="doc-queue__all">
              <input type="checkbox" id="docs" checked={allSelected} onChange={() => setSelected(allSelected ? new Set() : new Set(items.map((i) => i.id)))} />
              <label htmlFor="docs">{t("queue.selectAll", { count: items.length })}</label>
            </div>
          )}
          {form.errors.docs && <p className="field__error">{form.errors.docs}</p>}
          <ul className="doc-queue" data-testid="queue">
            {items.map((d) => (
              <li key={d.id} className="doc-queue__item">
                <input type="checkbox" id={`doc-${d.id}`} checked={selected.has(d.id)} onChange={() => toggle(d.id)} />
                <div className="doc-queue__body">
                  <label htmlFor={`doc-${d.id}`}>{labelOf(d)}</label>
                  <p className="doc-queue__meta">
                    {d.applicantName && t("queue.applicant", { name: d.applicantName })} · {t("queue.unit", { name: d.unit.name })} · {formatDate(d.createdAt)}
                  </p>
                  {d.delegation && (
                    <p className="doc-queue__meta">
                      <strong className="tag tag--orange">
                        {t("queue.delegated", { kind: kindLabel(d.delegation.kind), name: d.delegation.principalName })}
                      </strong>
                    </p>
                  )}
                  <a
                    href={`/api/documents/${d.id}/preview`}
                    target="_blank"
                    rel="noopener"
                    aria-label={t("queue.previewOf", { title: d.title, number: d.caseNumber ?? "" })}
                  >
                    {t("queue.preview")}
                  </a>
                </div>
              </li>
            ))}
          </ul>
          <div className="panel">
            <h3>{t("queue.signHeading")}</h3>
            {run && <BulkProgress run={run} onStop={bulk.stop} />}
            {!run?.running &&
              (items.length > 0 || paused) &&
              (needsCertificate ? (
                <p>{t("queue.noCertificate")}</p>
              ) : (
                <PasswordField id="passphrase" label={t("queue.passphrase")} hint={t("queue.passphraseHint")} autoComplete="off" {...form.bind("passphrase")} />
              ))}
            <div className="button-group">
              {(items.length > 0 || paused) && (
                <SubmitButton busy={form.submitting || run?.running}>
                  {paused ? t("bulk.continue", { count: run.remaining.length }) : t("queue.sign", { count: selected.size })}
                </SubmitButton>
              )}
              {run && !run.running && !paused && (
                <button type="button" className="button button--secondary" onClick={bulk.clear}>
                  {t("bulk.close")}
                </button>
              )}
            </div>
          </div>
        </form>
      )}
      {issueFor && <IssueCertificateDialog purpose={{ kind: "sign", count: issueFor.length }} onIssued={issued} onClose={() => setIssueFor(null)} />}

      <CertificatePanel
        active={active}
        loaded={!!certs.data}
        reload={() => {
          certs.reload();
          status.reload();
        }}
      />
      {hasPermission(session, "documents.delegate") && <DelegationPanel />}
    </>
  );
}
