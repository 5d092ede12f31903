/** The drafts on "Permohonan saya" (/layanan-saya): one per service, each to continue (Lanjutkan) or delete (Hapus). */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { del, ProblemError, type schemas } from "../../api.ts";
import { dropQueuedFor } from "../../offline/queue.ts";
import { Dialog } from "../../ui/Dialog.tsx";
import { formatDate, Notice } from "../../ui/misc.tsx";
import { useData, useLoc } from "./shared.tsx";
import { forgetLocalAnswers, useOwner } from "./useLocalAnswers.ts";

type Draft = schemas["MyDraft"];

export function DraftList({ onChange }: { onChange: () => void }) {
  const { t } = useTranslation("citizen");
  const loc = useLoc();
  const owner = useOwner();
  const { data, error, setData } = useData<Draft[]>("/api/cases/drafts");
  const [deleting, setDeleting] = useState<Draft | null>(null);
  const [done, setDone] = useState("");
  const [problem, setProblem] = useState("");
  if (error) return <p>{error.title}</p>;
  if (!data?.length) return done ? <Notice>{done}</Notice> : null;

  const remove = async (d: Draft, close: () => void) => {
    try {
      await del(`/api/cases/${d.id}`);
      await forgetLocalAnswers(owner, d.service.key);
      if (owner) await dropQueuedFor(owner, d.id);
      setDone(t("mine.deleted", { service: loc(d.service.name) }));
      setProblem("");
      setData((list) => list?.filter((x) => x.id !== d.id) ?? null);
      onChange();
    } catch (err) {
      setProblem(err instanceof ProblemError ? err.title : String(err));
    }
    close();
  };

  return (
    <section aria-labelledby="drafts-title">
      <h2 className="h" id="drafts-title">
        {t("mine.drafts")} ({data.length})
      </h2>
      {done && <Notice>{done}</Notice>}
      {problem && <Notice kind="warning">{problem}</Notice>}
      <ul className="service-list">
        {data.map((d) => (
          <li key={d.id} className="service-item">
            <h3 className="service-item__title">{loc(d.service.name)}</h3>
            <p className="service-item__meta">
              <strong className="tag tag--grey">{t("mine.draft")}</strong>{" "}
              <span className="muted">{t("mine.updatedAt", { date: formatDate(d.updatedAt) })}</span>
            </p>
            <div className="button-group">
              <Link href={`/permohonan/${d.id}`} className="button button--small">
                {t("mine.continueShort")}
                <span className="visually-hidden"> {loc(d.service.name)}</span>
              </Link>
              <button type="button" className="button button--secondary button--small" onClick={() => setDeleting(d)}>
                {t("mine.delete")}
                <span className="visually-hidden"> {loc(d.service.name)}</span>
              </button>
            </div>
          </li>
        ))}
      </ul>
      {deleting && (
        <Dialog labelledBy="draft-delete-title" onClose={() => setDeleting(null)}>
          {(close) => (
            <>
              <h2 id="draft-delete-title" className="h">
                {t("mine.deleteTitle")}
              </h2>
              <p>{t("mine.deleteBody", { service: loc(deleting.service.name) })}</p>
              <div className="button-group">
                <button type="button" className="button button--warning" onClick={() => void remove(deleting, close)}>
                  {t("mine.deleteConfirm")}
                </button>
                <button type="button" className="button button--secondary" onClick={close}>
                  {t("mine.keep")}
                </button>
              </div>
            </>
          )}
        </Dialog>
      )}
    </section>
  );
}
