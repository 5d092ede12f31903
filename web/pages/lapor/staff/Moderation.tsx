/** /konsol/lapor/moderasi — Kominfo's queue of reports flagged by users: hide from the public, or keep. */
import { useState } from "react";
import { Link } from "wouter";
import { post, ProblemError } from "../../../api.ts";
import { BackLink, EmptyState, formatDateTime, Loading, Notice, PageTitle } from "../../../ui/misc.tsx";
import { useData } from "../../citizen/shared.tsx";
import { useCategoryName, useLaporT } from "../shared.tsx";
import Unplaced from "./Unplaced.tsx";

interface Flagged {
  id: string;
  number: string;
  category?: string;
  serviceKey?: string;
  excerpt?: string;
  description?: string;
  hidden: boolean;
  flags?: number;
  flagCount?: number;
  reasons: string[];
  firstFlaggedAt?: string;
}

export default function Moderation() {
  const { t } = useLaporT();
  const catName = useCategoryName();
  const { data, error, reload } = useData<{ items: Flagged[] } | Flagged[]>("/api/lapor/moderation");
  const [notice, setNotice] = useState<{ kind: "success" | "warning"; text: string } | null>(null);
  const [busy, setBusy] = useState("");
  const items = data == null ? null : Array.isArray(data) ? data : data.items;

  const decide = async (r: Flagged, decision: "hide" | "keep") => {
    if (busy) return;
    setBusy(r.id);
    try {
      await post(`/api/lapor/moderation/${r.id}`, { decision });
      setNotice({ kind: "success", text: t(decision === "hide" ? "staff.modHidden" : "staff.modKept", { number: r.number }) });
      reload();
    } catch (err) {
      setNotice({ kind: "warning", text: err instanceof ProblemError ? err.title : String(err) });
    } finally {
      setBusy("");
    }
  };

  return (
    <>
      <BackLink href="/konsol">{t("staff.backConsole")}</BackLink>
      <PageTitle>{t("staff.modTitle")}</PageTitle>
      <p>{t("staff.modLead")}</p>
      <div aria-live="polite">{notice && <Notice kind={notice.kind}>{notice.text}</Notice>}</div>
      {error ? (
        <p className="notice notice--warning">{error.title}</p>
      ) : !items ? (
        <Loading />
      ) : items.length === 0 ? (
        <EmptyState title={t("staff.modEmpty")} />
      ) : (
        <ul className="mod-list">
          {items.map((r) => (
            <li key={r.id} className="card mod-item">
              <p className="card__kicker">
                <span className="mono">{r.number}</span> · {catName(r.category ?? "")}
                {r.hidden && <span className="tag tag--grey"> {t("staff.modIsHidden")}</span>}
              </p>
              <p className="pre-wrap mod-item__text">{r.excerpt ?? r.description}</p>
              <p className="mod-item__flags">
                <strong>{t("staff.modFlags", { count: r.flags ?? r.flagCount ?? r.reasons.length })}</strong>
                {r.firstFlaggedAt && <span className="muted"> · {t("staff.modSince", { date: formatDateTime(r.firstFlaggedAt) })}</span>}
              </p>
              <ul className="list mod-item__reasons">
                {r.reasons.map((reason, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: reasons may repeat
                  <li key={i} className="pre-wrap">
                    {reason}
                  </li>
                ))}
              </ul>
              <div className="button-group">
                {(
                  [
                    ["hide", "button--warning", t("staff.modHide")],
                    ["keep", "button--secondary", t("staff.modKeep")],
                  ] as const
                ).map(([decision, tone, label]) => (
                  <button
                    key={decision}
                    type="button"
                    className={`button ${tone} button--small`}
                    onClick={() => decide(r, decision)}
                    aria-disabled={busy === r.id || undefined}
                  >
                    {label}
                    <span className="visually-hidden"> {r.number}</span>
                  </button>
                ))}
                <Link href={`/konsol/permohonan/${r.id}`}>{t("staff.modOpenCase")}</Link>
              </div>
            </li>
          ))}
        </ul>
      )}
      <Unplaced />
    </>
  );
}
