/** /laporan-saya — the citizen's own reports; /laporan-saya/:id — one report: reply, reopen, rate. */
import { type FormEvent, useState } from "react";
import { Link } from "wouter";
import { post, ProblemError } from "../../api.ts";
import { useSession } from "../../session.tsx";
import { ButtonPair, ErrorSummary, Fieldset, OptionalLabel, SubmitButton, type Summary, TextAreaField } from "../../ui/form.tsx";
import { ActionLinks, BackLink, EmptyState, formatDate, formatDateTime, Loading, Notice, PageTitle } from "../../ui/misc.tsx";
import { useData } from "../citizen/shared.tsx";
import type { schemas } from "../../api.ts";
import { FixPanel } from "./loop/FixPanel.tsx";
import { ReportBody, ReportNotFound } from "./ReportBody.tsx";

type FixView = schemas["LaporFix"];
import { type GeoConfig, type MyReport, StateTag, useCategoryName, useLaporT } from "./shared.tsx";

const list = <T,>(d: T[] | { items: T[] } | null | undefined): T[] | null => (d == null ? null : Array.isArray(d) ? d : (d.items ?? []));

/** A message to the city (a reply, the reason to reopen): three rows, at most 2,000 characters. */
function LongText({ id, label, error, value, onChange }: { id: string; label: string; error?: string; value: string; onChange: (v: string) => void }) {
  return (
    <TextAreaField id={id} label={label} error={error} errorPrefix={false} rows={3} maxLength={2000} value={value} onChange={(e) => onChange(e.target.value)} />
  );
}

export function MyReports() {
  const { t } = useLaporT();
  const { session } = useSession();
  const catName = useCategoryName();
  const { data, error } = useData<MyReport[] | { items: MyReport[] }>("/api/lapor/mine");
  const items = list(data);
  if (error) return <p>{error.title}</p>;
  const open = items?.filter((r) => isOpen(r)) ?? [];
  const done = items?.filter((r) => !isOpen(r)) ?? [];
  return (
    <>
      <PageTitle caption={session?.user?.name}>{t("mine.title")}</PageTitle>
      <ActionLinks button={{ href: "/lapor", label: t("mine.new") }} links={[{ href: "/layanan-saya", label: t("mine.toServices") }]} />
      {!items ? (
        <Loading />
      ) : items.length === 0 ? (
        <EmptyState title={t("mine.emptyTitle")}>
          <p>{t("mine.emptyBody")}</p>
        </EmptyState>
      ) : (
        [
          [t("mine.open"), open],
          [t("mine.done"), done],
        ].map(([title, group]) =>
          (group as MyReport[]).length ? (
            <section key={title as string}>
              <h2>
                {title as string} ({(group as MyReport[]).length})
              </h2>
              <ul className="service-list">
                {(group as MyReport[]).map((r) => (
                  <li key={r.id} className="service-item">
                    <h3 className="service-item__title">
                      <Link href={`/laporan-saya/${r.id}`}>{r.title || catName(r.category)}</Link>
                    </h3>
                    <p className="service-item__meta">
                      <StateTag state={r.state} outcome={r.outcome} label={r.stateLabel} /> <span className="mono">{r.number}</span>
                      {r.confidential && <span className="tag tag--grey">{t("mine.confidential")}</span>}
                      {r.anonymous && <span className="tag tag--grey">{t("mine.anonymous")}</span>}
                    </p>
                    {r.excerpt && <p className="service-item__summary break">{r.excerpt}</p>}
                    <p className="muted">
                      {r.createdAt ? formatDate(r.createdAt) : ""} · {t("public.supports", { count: r.supportCount ?? 0 })}
                    </p>
                  </li>
                ))}
              </ul>
            </section>
          ) : null,
        )
      )}
    </>
  );
}

const OPEN = new Set(["submitted", "in_progress", "responded"]);
const isOpen = (r: MyReport) => r.isOpen ?? OPEN.has(r.state);

export function MyReportPage({ params }: { params: { id: string } }) {
  const { t } = useLaporT();
  const catName = useCategoryName();
  const geo = useData<GeoConfig>("/api/geo/config");
  const { data: r, error, reload } = useData<MyReport>(`/api/lapor/reports/${encodeURIComponent(params.id)}`);
  const [summary, setSummary] = useState<Summary | null>(null);
  const [fieldErr, setFieldErr] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState("");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState("");
  const [reason, setReason] = useState("");
  const [rating, setRating] = useState("");
  const [comment, setComment] = useState("");
  const [reopening, setReopening] = useState(false);

  if (error) {
    return <ReportNotFound back="/laporan-saya" backLabel={t("mine.back")} error={error} notFound={[404, 403]} />;
  }
  if (!r) return <Loading />;

  const open = isOpen(r);
  const reopenOpen = r.reopenUntil ? new Date(r.reopenUntil).getTime() > Date.now() : true;
  const canReply = r.canReply ?? open;
  const canReopen =
    !(r as { fix?: FixView }).fix?.canConfirm && (r.canReopen ?? (!open && reopenOpen && (r.state === "selesai" || r.state === "tidak_dapat_ditindaklanjuti")));
  const canRate = (r.canRate ?? (!open && r.state !== "duplikat")) && r.rating == null;

  const fail = (err: unknown, field?: string) => {
    const items =
      err instanceof ProblemError && err.errors.length
        ? err.errors.map((e) => ({ field: field ?? e.field, message: e.message }))
        : [{ message: err instanceof ProblemError ? err.title : String(err) }];
    setSummary({ title: err instanceof ProblemError ? err.title : undefined, items, n: Date.now() });
    if (field && err instanceof ProblemError && err.errors[0]) setFieldErr({ [field]: err.errors[0].message });
  };
  const check = (field: string, ok: boolean, msg: string) => {
    if (ok) return true;
    setFieldErr({ [field]: msg });
    setSummary({ items: [{ field, message: msg }], n: Date.now() });
    return false;
  };
  const act = (field: string, url: string, body: () => unknown, done: string, reset: () => void) => async () => {
    setBusy(true);
    try {
      await post(url, body());
      setSummary(null);
      setFieldErr({});
      setNotice(done);
      reset();
      reload();
    } catch (err) {
      fail(err, field);
    } finally {
      setBusy(false);
    }
  };

  /** A form of one required text (a reply, a reason to reopen): checked, then posted as `{ [key]: text }`. */
  const sendText = (o: { field: string; text: string; missing: string; path: string; key: string; done: string; reset: () => void }) => (e: FormEvent) => {
    e.preventDefault();
    if (busy || !check(o.field, !!o.text.trim(), o.missing)) return;
    void act(o.field, `/api/lapor/reports/${r.id}/${o.path}`, () => ({ [o.key]: o.text.trim() }), o.done, o.reset)();
  };
  const sendReply = sendText({
    field: "reply",
    text: message,
    missing: t("mine.replyMissing"),
    path: "reply",
    key: "message",
    done: t("mine.replySent"),
    reset: () => setMessage(""),
  });
  const sendReopen = sendText({
    field: "reason",
    text: reason,
    missing: t("mine.reasonMissing"),
    path: "reopen",
    key: "reason",
    done: t("mine.reopened"),
    reset: () => {
      setReason("");
      setReopening(false);
    },
  });
  const sendRating = (e: FormEvent) => {
    e.preventDefault();
    if (busy || !check("rating", !!rating, t("mine.ratingMissing"))) return;
    void act(
      "rating",
      `/api/lapor/reports/${r.id}/rate`,
      () => ({ rating: Number(rating), ...(comment.trim() ? { comment: comment.trim() } : {}) }),
      t("mine.rated"),
      () => setComment(""),
    )();
  };

  return (
    <>
      <BackLink href="/laporan-saya">{t("mine.back")}</BackLink>
      <ErrorSummary summary={summary} />
      <PageTitle caption={r.number}>{r.title || catName(r.category)}</PageTitle>
      {notice && <Notice>{notice}</Notice>}
      <ul className="tags">
        {r.anonymous && <li className="tag tag--grey">{t("mine.anonymous")}</li>}
        {r.confidential && <li className="tag tag--grey">{t("mine.confidential")}</li>}
      </ul>
      {r.trackingToken && (
        <p>
          <Link href={`/lacak/${r.trackingToken}`}>{t("mine.trackLink")}</Link>
          {!r.confidential && (
            <>
              {" · "}
              <Link href={`/laporan/${encodeURIComponent(r.number)}`}>{t("flow.publicLink")}</Link>
            </>
          )}
        </p>
      )}
      {r.state === "responded" && (
        <Notice kind="info" title={t("mine.respondedTitle")}>
          {<p>{t("mine.respondedBody")}</p>}
        </Notice>
      )}
      <ReportBody r={r} updates={r.timeline ?? []} geo={geo.data}>
        <FixPanel
          reportId={r.id}
          fix={(r as { fix?: FixView }).fix}
          onDone={(done) => {
            setNotice(done);
            reload();
          }}
        />
        {canReply && (
          <form onSubmit={sendReply} noValidate className="panel">
            <h2>{t("mine.replyTitle")}</h2>
            <LongText id="reply" label={t("mine.replyLabel")} error={fieldErr.reply} value={message} onChange={setMessage} />
            <SubmitButton busy={busy} className="button--secondary">
              {t("mine.replySend")}
            </SubmitButton>
          </form>
        )}
        {canRate && (
          <form onSubmit={sendRating} noValidate className="panel">
            <h2>{t("mine.rateTitle")}</h2>
            <Fieldset id="rating" legend={t("mine.rateLegend")} error={fieldErr.rating}>
              <div className="rating-radios">
                {[1, 2, 3, 4, 5].map((n) => (
                  <div className="rating-radio" key={n}>
                    <input
                      type="radio"
                      name="rating"
                      id={n === 1 ? "rating" : `rating-${n}`}
                      value={n}
                      checked={rating === String(n)}
                      onChange={() => setRating(String(n))}
                    />
                    <label htmlFor={n === 1 ? "rating" : `rating-${n}`}>
                      <span className="visually-hidden">{t("common.ratingOf", { value: n })}: </span>
                      <span aria-hidden="true" className="rating-radio__stars">
                        {"★".repeat(n)}
                      </span>
                      <span>{t(`mine.rate${n}`)}</span>
                    </label>
                  </div>
                ))}
              </div>
            </Fieldset>
            <TextAreaField
              id="rate-comment"
              label={<OptionalLabel label={t("mine.rateComment")} />}
              rows={3}
              maxLength={1000}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
            />
            <SubmitButton busy={busy}>{t("mine.rateSend")}</SubmitButton>
          </form>
        )}
        {canReopen && (
          <section className="withdraw">
            <h2>{t("mine.reopenTitle")}</h2>
            <p>{r.reopenUntil ? t("mine.reopenUntil", { date: formatDateTime(r.reopenUntil) }) : t("mine.reopenBody")}</p>
            {reopening ? (
              <form onSubmit={sendReopen} noValidate className="panel">
                <LongText id="reason" label={t("mine.reasonLabel")} error={fieldErr.reason} value={reason} onChange={setReason} />
                <ButtonPair label={t("mine.reopenSend")} tone="warning" busy={busy} other={t("mine.cancel")} onOther={() => setReopening(false)} />
              </form>
            ) : (
              <button type="button" className="button button--secondary" onClick={() => setReopening(true)}>
                {t("mine.reopen")}
              </button>
            )}
          </section>
        )}
      </ReportBody>
    </>
  );
}
