/** /konsol/surat — the e-Office desk: dispositions waiting for me, then the letters I may see, with search. */
import { type FormEvent, useState } from "react";
import { Link } from "wouter";
import { hasPermission, useSession } from "../../session.tsx";
import { type Column, DataTable } from "../../ui/DataTable.tsx";
import { BackLink, formatDate, Loading, Notice, PageTitle } from "../../ui/misc.tsx";
import { StatusTag } from "../../ui/StatusTag.tsx";
import { useData } from "../citizen/shared.tsx";
import { confTone, type InboxItem, type LetterSummary, toneOf, useEoT } from "./shared.tsx";
import { SubmitButton } from "../../ui/buttons.tsx";
import { Labelled } from "../../ui/fields.tsx";

export default function Desk() {
  const { t } = useEoT();
  const { session } = useSession();
  const mine = useData<InboxItem[]>("/api/eoffice/dispositions?open=true");
  const [direction, setDirection] = useState("");
  const [text, setText] = useState("");
  const [query, setQuery] = useState("");
  const params = new URLSearchParams({ ...(direction ? { direction } : {}), ...(query ? { q: query } : {}) });
  const letters = useData<LetterSummary[]>(`/api/eoffice/letters?${params}`);
  const search = (e: FormEvent) => {
    e.preventDefault();
    setQuery(text.trim());
  };

  const columns: Column<LetterSummary>[] = [
    {
      key: "subject",
      header: t("col.subject"),
      rowHeader: true,
      cell: (l) => (
        <>
          <Link href={`/konsol/surat/${l.id}`}>{l.subject}</Link>
          <div className="eo-tags">
            <StatusTag tone={confTone(l.confidentiality)}>{t(`conf.${l.confidentiality}`)}</StatusTag>
            {l.urgency !== "biasa" && <StatusTag tone="red">{t(`urg.${l.urgency}`)}</StatusTag>}
            {l.isCopy && <StatusTag tone="grey">{t("letter.copy")}</StatusTag>}
          </div>
        </>
      ),
      value: (l) => l.subject,
    },
    { key: "number", header: t("col.number"), cell: (l) => l.number ?? "-", value: (l) => l.number ?? "" },
    { key: "sender", header: t("col.sender"), cell: (l) => (l.direction === "incoming" ? l.sender : l.recipient), value: (l) => l.sender },
    { key: "date", header: t("col.date"), cell: (l) => formatDate(l.letterDate), value: (l) => l.letterDate, sort: true },
    { key: "status", header: t("col.status"), cell: (l) => <StatusTag tone={toneOf(l.status)}>{t(`status.${l.status}`)}</StatusTag>, value: (l) => l.status },
  ];

  return (
    <>
      <BackLink href="/konsol">{t("desk.back")}</BackLink>
      <PageTitle>{t("desk.title")}</PageTitle>
      <p>{t("desk.lead")}</p>
      <div className="eo-actions">
        {hasPermission(session, "eoffice.register") && (
          <Link className="button" href="/konsol/surat/masuk-baru">
            {t("desk.register")}
          </Link>
        )}
        <Link className="button button--secondary" href="/konsol/surat/konsep-baru">
          {t("desk.draft")}
        </Link>
      </div>

      <h2>{t("desk.mine")}</h2>
      {mine.error && <Notice kind="warning">{mine.error.title}</Notice>}
      {!mine.data && !mine.error && <Loading />}
      {mine.data && mine.data.length === 0 && <p>{t("desk.mineEmpty")}</p>}
      {mine.data && mine.data.length > 0 && (
        <ul className="eo-list" data-testid="my-dispositions">
          {mine.data.map((d) => (
            <li key={d.id} className="eo-item">
              <Link className="eo-item__title" href={`/konsol/surat/${d.letterId}`}>
                {d.letter.subject}
              </Link>
              <div className="eo-tags">
                <StatusTag tone={toneOf(d.status)}>{t(`status.${d.status}`)}</StatusTag>
                {d.letter.urgency !== "biasa" && <StatusTag tone="red">{t(`urg.${d.letter.urgency}`)}</StatusTag>}
              </div>
              <p className="eo-item__meta">
                {t("desk.from", { name: d.from.name })} · {d.instruction}
                {d.dueOn && ` · ${t("desk.due", { date: formatDate(d.dueOn) })}`}
              </p>
            </li>
          ))}
        </ul>
      )}

      <h2>{t("desk.letters")}</h2>
      <form className="eo-search" onSubmit={search}>
        <Labelled id="eo-q" label={t("desk.search")}>
          <input id="eo-q" className="input input--wfull" value={text} onChange={(e) => setText(e.target.value)} />
        </Labelled>
        <Labelled id="eo-dir" label={t("desk.direction")}>
          <select id="eo-dir" className="select" value={direction} onChange={(e) => setDirection(e.target.value)}>
            <option value="">{t("desk.all")}</option>
            <option value="incoming">{t("desk.incoming")}</option>
            <option value="outgoing">{t("desk.outgoing")}</option>
          </select>
        </Labelled>
        <SubmitButton className="button--secondary">{t("desk.searchButton")}</SubmitButton>
      </form>
      {!letters.data && !letters.error && <Loading />}
      {letters.data && (
        <DataTable
          columns={columns}
          rows={letters.data}
          rowKey={(l) => l.id}
          caption={t("desk.lettersCaption")}
          className="table table--cards eo-table"
          empty={<p>{t("desk.lettersEmpty")}</p>}
          cellLabels
        />
      )}
    </>
  );
}
