import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { post, ProblemError, type schemas } from "../../api.ts";
import { useSession } from "../../session.tsx";
import { ButtonPair, ErrorSummary, SubmitButton, type Summary, TextAreaField, useBusy } from "../../ui/form.tsx";
import { BackLink, formatDate, formatDateTime, Loading, Notice, PageTitle, SummaryList } from "../../ui/misc.tsx";
import CaseDocuments from "../documents/CaseDocuments.tsx";
import { CaseStatusTag, looksDone, ReadyLetter } from "../documents/CaseStatus.tsx";
import { AnswerList } from "./Answers.tsx";
import { DraftList } from "./MyDrafts.tsx";
import { type CaseView, type L, type MyCase, type Region, useData, useLoc } from "./shared.tsx";
import { FileLinks } from "../../ui/FileLinks.tsx";

/** /layanan-saya — the citizen's applications: drafts, open and finished. */
export function MyCases() {
  const { t } = useTranslation("citizen");
  const { t: tc } = useTranslation();
  const { session } = useSession();
  const { data, error, reload } = useData<MyCase[]>("/api/cases/mine");
  if (error) return <p>{error.title}</p>;
  const open = data?.filter((c) => c.state !== "draft" && !looksDone(c)) ?? [];
  const done = data?.filter(looksDone) ?? [];
  return (
    <>
      <PageTitle caption={session?.user?.name}>{tc("myServices.title")}</PageTitle>
      {!data ? (
        <Loading />
      ) : data.length === 0 ? (
        <div className="empty">
          <p className="empty__title">{tc("myServices.emptyTitle")}</p>
          <p>{tc("myServices.emptyBody")}</p>
          <p>
            <Link href="/layanan">{tc("myServices.browse")}</Link> · <Link href="/laporan-saya">{tc("nav.myReports")}</Link>
          </p>
        </div>
      ) : (
        <>
          <p>
            <Link href="/layanan">{t("mine.newApplication")}</Link> · <Link href="/laporan-saya">{tc("nav.myReports")}</Link>
          </p>
          <DraftList onChange={reload} />
          <CaseGroup title={t("mine.open")} list={open} />
          <CaseGroup title={t("mine.done")} list={done} />
        </>
      )}
    </>
  );
}

function CaseGroup({ title, list }: { title: string; list: MyCase[] }) {
  const { t } = useTranslation("citizen");
  const loc = useLoc();
  if (!list.length) return null;
  return (
    <section>
      <h2 className="h">
        {title} ({list.length})
      </h2>
      <ul className="service-list">
        {list.map((c) => (
          <li key={c.id} className="service-item">
            <h3 className="service-item__title">
              <Link href={c.state === "draft" ? `/permohonan/${c.id}` : `/layanan-saya/${c.id}`}>{loc(c.service.name)}</Link>
            </h3>
            <p className="service-item__meta">
              <CaseStatusTag c={c} label={c.state === "draft" ? t("mine.draft") : undefined} /> {c.number && <span className="mono">{c.number}</span>}
            </p>
            <p className="muted">
              {c.submittedAt ? t("mine.submittedAt", { date: formatDate(c.submittedAt) }) : t("mine.updatedAt", { date: formatDate(c.updatedAt) })}
              {c.isOpen && c.slaDueAt && c.state !== "draft" && !c.documentReady ? ` · ${t("mine.due", { date: formatDate(c.slaDueAt) })}` : ""}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** /layanan-saya/:id — one application: status, timeline, answers, files, messages, correction and withdrawal. */
export function CasePage({ params }: { params: { id: string } }) {
  const { t } = useTranslation("citizen");
  const { t: tr } = useTranslation();
  const loc = useLoc();
  const { data: c, error, reload } = useData<CaseView>(`/api/cases/${params.id}`);
  const regions = useData<Region[]>("/api/regions");
  const [confirmWithdraw, setConfirmWithdraw] = useState(false);
  const [summary, setSummary] = useState<Summary | null>(null);
  const [message, setMessage] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  const { busy, run } = useBusy();

  if (error) {
    return (
      <>
        <PageTitle>{t("case.notFound")}</PageTitle>
        <p>{error.status === 404 || error.status === 403 ? t("case.notFoundBody") : error.title}</p>
        <p>
          <Link href="/layanan-saya">{t("common.backToMine")}</Link>
        </p>
      </>
    );
  }
  if (!c) return <Loading />;

  const fail = (err: unknown) =>
    setSummary({
      title: err instanceof ProblemError ? err.title : String(err),
      items: err instanceof ProblemError ? err.errors.map((e) => ({ message: e.message })) : [],
      n: Date.now(),
    });
  const canWithdraw = c.actions.some((a) => a.key === "withdraw");
  const correction = [...c.events].reverse().find((e) => e.to === "correction" && e.comment);
  const messages = c.events.filter((e) => e.comment);
  const staffFiles = c.files.filter((f) => f.field === "__staff");

  const withdraw = () =>
    run(async () => {
      await post(`/api/cases/${c.id}/actions/withdraw`, { version: c.version });
      setConfirmWithdraw(false);
      setNotice(t("case.withdrawn"));
      reload();
    }, fail);

  const sendMessage = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (!message.trim()) {
      setSummary({ items: [{ field: "message", message: t("case.messageEmpty") }], n: Date.now() });
      return;
    }
    await run(async () => {
      await post(`/api/cases/${c.id}/comments`, { comment: message.trim() });
      setMessage("");
      setSummary(null);
      setNotice(t("case.messageSent"));
      reload();
    }, fail);
  };

  return (
    <>
      <BackLink href="/layanan-saya">{t("common.backToMine")}</BackLink>
      <ErrorSummary summary={summary} />
      <PageTitle caption={c.number ?? t("mine.draft")}>{loc(c.service.name)}</PageTitle>
      {notice && <Notice>{notice}</Notice>}
      <SummaryList
        rows={[
          [t("case.status"), <CaseStatusTag key="status" c={c} testId="case-state" />],
          c.number && [t("case.number"), c.number, "mono"],
          c.unit && [t("case.unit"), c.unit.name],
          c.submittedAt && [t("case.submittedAt"), formatDateTime(c.submittedAt)],
          c.isOpen && c.slaDueAt && !c.documentReady && [t("case.due"), formatDate(c.slaDueAt)],
          c.national?.reference && [
            tr("national.title", { system: c.national.system }),
            <>
              <span className="mono">{c.national.reference}</span> ·{" "}
              <a href={c.national.url} target="_blank" rel="noreferrer">
                {tr("national.open", { system: c.national.system })}
              </a>
            </>,
          ],
          c.trackingToken && [
            t("case.tracking"),
            <Link key="tracking" href={`/lacak/${c.trackingToken}`}>
              {t("case.trackingLink")}
            </Link>,
            "break",
          ],
        ]}
      />
      <ReadyLetter doc={c.readyDocument} />
      <CaseDocuments caseId={c.id} />

      {c.state === "draft" && (
        <p>
          <Link href={`/permohonan/${c.id}`} className="button">
            {t("mine.continue")}
          </Link>
        </p>
      )}

      {c.editable && c.state === "correction" && (
        <section className="notice notice--warning" aria-label={t("case.correctionTitle")}>
          <p className="notice__title">{t("case.correctionTitle")}</p>
          {correction?.comment && <p className="pre-wrap">{correction.comment}</p>}
          <p>
            <Link href={`/permohonan/${c.id}`} className="button">
              {t("case.fix")}
            </Link>
          </p>
        </section>
      )}

      {staffFiles.length > 0 && (
        <>
          <h2 className="h">{t("case.result")}</h2>
          <FileLinks files={staffFiles} className="list" />
        </>
      )}

      {c.events.length > 0 && (
        <>
          <h2 className="h">{t("case.timeline")}</h2>
          <ol className="timeline">
            {c.events
              .filter((e) => e.to || e.comment)
              .map((e) => (
                <li key={`${e.at}-${e.kind}-${e.to ?? ""}`}>
                  <p className="timeline__what">{e.toLabel ? loc(e.toLabel as L) : t("case.message")}</p>
                  <p className="muted">
                    {formatDateTime(e.at)}
                    {e.actorName ? ` · ${e.actorName}` : ""}
                  </p>
                  {e.comment && <p className="pre-wrap">{e.comment}</p>}
                </li>
              ))}
          </ol>
        </>
      )}

      <h2 className="h">{t("case.answers")}</h2>
      <AnswerList c={c} regions={regions.data} />

      {c.state !== "draft" && c.isOpen && (
        <form onSubmit={sendMessage} noValidate>
          <h2 className="h">{t("case.sendMessageTitle")}</h2>
          <p className="muted">{t("case.messagesCount", { count: messages.length })}</p>
          <TextAreaField id="message" label={t("case.messageLabel")} rows={3} maxLength={2000} value={message} onChange={(e) => setMessage(e.target.value)} />
          <SubmitButton busy={busy} className="button--secondary">
            {t("case.send")}
          </SubmitButton>
        </form>
      )}

      {canWithdraw && (
        <section className="withdraw">
          <h2 className="h">{t("case.withdrawTitle")}</h2>
          {confirmWithdraw ? (
            <section className="panel" aria-label={t("case.withdrawConfirmTitle")}>
              <p>
                <strong>{t("case.withdrawConfirmTitle")}</strong>
              </p>
              <p>{t("case.withdrawConfirmBody")}</p>
              <ButtonPair
                label={t("case.withdrawYes")}
                onClick={withdraw}
                tone="warning"
                busy={busy}
                other={t("case.withdrawNo")}
                onOther={() => setConfirmWithdraw(false)}
              />
            </section>
          ) : (
            <button type="button" className="button button--secondary" onClick={() => setConfirmWithdraw(true)}>
              {t("case.withdraw")}
            </button>
          )}
        </section>
      )}
    </>
  );
}

type Tracking = schemas["Tracking"];

/** /lacak/:token — public tracking, no login. */
export function Track({ params }: { params: { token: string } }) {
  const { t } = useTranslation("citizen");
  const loc = useLoc();
  const { data, error } = useData<Tracking>(`/api/track/${encodeURIComponent(params.token)}`);
  if (error) {
    return (
      <>
        <PageTitle>{t("track.notFound")}</PageTitle>
        <p>{error.status === 404 || error.status === 400 ? t("track.notFoundBody") : error.title}</p>
      </>
    );
  }
  if (!data) return <Loading />;
  return (
    <>
      <PageTitle caption={data.number ?? undefined}>{loc(data.service)}</PageTitle>
      <SummaryList
        rows={[
          [t("case.status"), <CaseStatusTag key="status" c={data} />],
          data.submittedAt && [t("case.submittedAt"), formatDateTime(data.submittedAt)],
          data.isOpen && data.slaDueAt && [t("case.due"), formatDate(data.slaDueAt)],
          data.closedAt && [t("track.closedAt"), formatDateTime(data.closedAt)],
        ]}
      />
      <h2 className="h">{t("case.timeline")}</h2>
      <ol className="timeline">
        {data.steps.map((s) => (
          <li key={`${s.at}-${s.state}`}>
            <p className="timeline__what">{loc(s.label)}</p>
            <p className="muted">{formatDateTime(s.at)}</p>
          </li>
        ))}
      </ol>
      <p className="muted">{t("track.privacy")}</p>
    </>
  );
}
