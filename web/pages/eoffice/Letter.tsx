/** /konsol/surat/:id — one letter: its facts, file, retention, disposition history, and what I may do with it. */
import { BackLink, formatDate, formatDateTime, Loading, Notice, PageTitle } from "../../ui/misc.tsx";
import { StatusTag } from "../../ui/StatusTag.tsx";
import { useData } from "../citizen/shared.tsx";
import { DisposeForm, MyDisposition, OutgoingActions } from "./LetterActions.tsx";
import { confTone, delegationLabel, type Letter, toneOf, useEoT } from "./shared.tsx";

export default function LetterPage({ id }: { id: string }) {
  const { t } = useEoT();
  const letter = useData<Letter>(`/api/eoffice/letters/${id}`);
  const l = letter.data;
  if (letter.error)
    return (
      <>
        <BackLink href="/konsol/surat">{t("letter.back")}</BackLink>
        <Notice kind="warning">{letter.error.title}</Notice>
      </>
    );
  if (!l) return <Loading />;
  const r = l.retention;
  const row = (label: string, value: React.ReactNode) => (
    <div>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
  return (
    <>
      <BackLink href="/konsol/surat">{t("letter.back")}</BackLink>
      <PageTitle caption={l.direction === "incoming" ? t("letter.incoming") : t("letter.outgoing")}>{l.subject}</PageTitle>
      <div className="eo-tags">
        <StatusTag tone={toneOf(l.status)}>{t(`status.${l.status}`)}</StatusTag>
        <StatusTag tone={confTone(l.confidentiality)}>{t(`conf.${l.confidentiality}`)}</StatusTag>
        {l.urgency !== "biasa" && <StatusTag tone="red">{t(`urg.${l.urgency}`)}</StatusTag>}
        {l.isCopy && <StatusTag tone="grey">{t("letter.copy")}</StatusTag>}
      </div>

      <MyDispositionsOf key={l.dispositions.map((d) => d.status).join()} letter={l} onDone={letter.reload} />
      {l.can.dispose && <DisposeForm letter={l} onDone={letter.reload} />}
      <OutgoingActions letter={l} onDone={letter.reload} />

      <dl className="summary-list">
        {row(t("letter.number"), l.number ?? "-")}
        {l.agendaNumber !== null && row(t("letter.agenda"), l.agendaNumber)}
        {row(t("letter.sender"), l.sender)}
        {l.recipient && row(t("letter.recipient"), l.recipient)}
        {row(t("letter.date"), formatDate(l.letterDate))}
        {l.receivedOn && row(t("letter.received"), formatDate(l.receivedOn))}
        {row(t("letter.classification"), `${l.classification.code} · ${l.classification.name}`)}
        {row(t("letter.urgency"), t(`urg.${l.urgency}`))}
        {row(
          t("letter.retention"),
          <>
            {t("letter.retentionText", {
              active: r.activeYears,
              activeUntil: formatDate(r.activeUntil),
              inactive: r.inactiveYears,
              inactiveUntil: formatDate(r.inactiveUntil),
              fate: t(`fate.${r.finalFate}`),
            })}
            <br />
            <span className="muted">{t("letter.phaseNow", { phase: t(`phase.${r.phase}`) })}</span>
          </>,
        )}
        {l.copies.length > 0 && row(t("letter.copies"), l.copies.join("; "))}
        {l.signed &&
          row(
            t("letter.signedBy"),
            `${l.signed.name}, ${l.signed.title} · ${formatDateTime(l.signed.at)}${l.signed.delegation ? ` · ${t("letter.asDelegate", { kind: delegationLabel(l.signed.delegation.kind), name: l.signed.delegation.principalName })}` : ""}`,
          )}
        {l.reviewNote && row(t("letter.reviewNote"), l.reviewNote)}
      </dl>
      {l.body && (
        <>
          <h2>{t("letter.body")}</h2>
          <p className="pre-line">{l.body}</p>
        </>
      )}
      <div className="eo-actions">
        {l.file && (
          <a className="button button--secondary" href={`/api/eoffice/letters/${l.id}/file`} target="_blank" rel="noopener">
            {t("letter.open")}
          </a>
        )}
        <a className="button button--secondary" href={`/api/eoffice/letters/${l.id}/export`}>
          {t("letter.export")}
        </a>
      </div>

      {(l.direction === "incoming" || l.dispositions.length > 0) && <h2>{t("letter.dispositions")}</h2>}
      {l.direction === "incoming" && l.dispositions.length === 0 && <p>{t("letter.noDispositions")}</p>}
      <ol className="eo-timeline" data-testid="dispositions">
        {l.dispositions.map((d) => (
          <li key={d.id}>
            <strong>{t("letter.dispoLine", { from: d.from.name, to: d.to.name })}</strong>{" "}
            <StatusTag tone={toneOf(d.status)}>{t(`status.${d.status}`)}</StatusTag>
            <p className="eo-item__meta">
              {d.instruction}
              {d.dueOn && ` · ${t("desk.due", { date: formatDate(d.dueOn) })}`} · {formatDateTime(d.createdAt)}
              {d.delegation && ` · ${t("letter.asDelegate", { kind: delegationLabel(d.delegation.kind), name: d.delegation.principalName })}`}
            </p>
            {d.note && <p className="eo-item__meta">{t("letter.note", { note: d.note })}</p>}
          </li>
        ))}
      </ol>
    </>
  );
}

/** The dispositions of this letter addressed to the signed-in user that are still open. */
function MyDispositionsOf({ letter, onDone }: { letter: Letter; onDone: () => void }) {
  const mine = useData<{ id: string; letterId: string; status: string }[]>("/api/eoffice/dispositions?open=true");
  const open = letter.dispositions.filter((d) => mine.data?.some((m) => m.id === d.id));
  return (
    <>
      {open.map((d) => (
        <MyDisposition key={d.id} d={d} letter={letter} onDone={onDone} />
      ))}
    </>
  );
}
