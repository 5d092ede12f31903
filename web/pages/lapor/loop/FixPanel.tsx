/**
 * The reporter's confirm/reject panel on /laporan-saya/:id (docs/complaints.md, "Closing the loop"): the officers'
 * after-photo, "Ya, sudah beres" or "Belum beres" (a reason, optionally a photo) within 7 days; afterwards the
 * verdict, the rejections and a recurrence link.
 */
import { type FormEvent, useId, useState } from "react";
import { post, ProblemError, type schemas, uploadFile } from "../../../api.ts";
import { ButtonPair, ErrorSummary, FileField, OptionalLabel, type Summary, TextAreaField } from "../../../ui/form.tsx";
import { formatDateTime } from "../../../ui/misc.tsx";
import "./loop.css";
import { useLoopT } from "./i18n.ts";

type Fix = schemas["LaporFix"];

export function FixPanel({ reportId, fix, onDone }: { reportId: string; fix: Fix | undefined; onDone: (notice: string) => void }) {
  const { t } = useLoopT();
  const ids = useId();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState("");
  const [photo, setPhoto] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [summary, setSummary] = useState<Summary | null>(null);
  const [reasonErr, setReasonErr] = useState("");
  if (!fix || (!fix.status && !fix.recurrenceOf)) return null;

  const fail = (err: unknown) =>
    setSummary({
      title: err instanceof ProblemError ? err.title : undefined,
      items:
        err instanceof ProblemError && err.errors.length
          ? err.errors.map((e) => ({ message: e.message }))
          : [{ message: err instanceof ProblemError ? err.title : String(err) }],
      n: Date.now(),
    });
  const run = async (fn: () => Promise<unknown>, done: string) => {
    if (busy) return;
    setBusy(true);
    try {
      await fn();
      setSummary(null);
      onDone(done);
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };
  const confirm = () => run(() => post(`/api/lapor/reports/${reportId}/confirm-fix`), t("fix.confirmed"));
  const reject = (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) {
      setReasonErr(t("fix.reasonMissing"));
      setSummary({ items: [{ field: `${ids}reason`, message: t("fix.reasonMissing") }], n: Date.now() });
      return;
    }
    setReasonErr("");
    void run(async () => {
      const photoId = photo ? (await uploadFile<{ id: string }>("/api/lapor/photos", photo)).id : undefined;
      await post(`/api/lapor/reports/${reportId}/reject-fix`, { reason: reason.trim(), ...(photoId ? { photoId } : {}) });
    }, t("fix.rejected"));
  };

  return (
    <section className="panel fix-panel" aria-labelledby={`${ids}title`}>
      {fix.canConfirm ? (
        <>
          <h2 id={`${ids}title`}>{t("fix.title")}</h2>
          <p>{t("fix.lead")}</p>
          {fix.confirmUntil && <p className="muted">{t("fix.until", { date: formatDateTime(fix.confirmUntil) })}</p>}
          <ErrorSummary summary={summary} />
          {fix.afterPhoto && (
            <figure className="fix-panel__photo">
              <a href={fix.afterPhoto.url}>
                <img src={fix.afterPhoto.thumbnailUrl} alt={t("fix.afterPhoto")} width={320} />
              </a>
              <figcaption>{t("fix.afterPhoto")}</figcaption>
            </figure>
          )}
          {rejecting ? (
            <form onSubmit={reject} noValidate>
              <h3>{t("fix.rejectTitle")}</h3>
              <TextAreaField
                id={`${ids}reason`}
                label={t("fix.reason")}
                hint={t("fix.reasonHint")}
                error={reasonErr}
                errorPrefix={false}
                rows={3}
                maxLength={1000}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
              <FileField
                id={`${ids}photo`}
                label={<OptionalLabel label={t("fix.photo")} note={t("fix.optional")} />}
                accept="image/jpeg,image/png,image/webp"
                inputClassName="input input--wfull"
                onFile={setPhoto}
              />
              <ButtonPair
                label={busy ? t("fix.sending") : t("fix.send")}
                tone="warning"
                busy={busy}
                other={t("fix.cancel")}
                onOther={() => setRejecting(false)}
              />
            </form>
          ) : (
            <ButtonPair label={t("fix.confirm")} onClick={confirm} busy={busy} other={t("fix.reject")} onOther={() => setRejecting(true)} />
          )}
        </>
      ) : (
        <>
          <h2 id={`${ids}title`}>{fix.status ? t(`fix.status.${fix.status}`) : t("fix.title")}</h2>
          {fix.rejections > 0 && <p>{t("fix.rejections", { count: fix.rejections })}</p>}
          {fix.afterPhoto && fix.status && (
            <figure className="fix-panel__photo">
              <img src={fix.afterPhoto.thumbnailUrl} alt={t("fix.afterPhoto")} width={320} />
              <figcaption>{t("fix.afterPhoto")}</figcaption>
            </figure>
          )}
        </>
      )}
      {fix.recurrenceOf && <p>{t("fix.recurrenceOf", { number: fix.recurrenceOf })}</p>}
      {fix.recurrences.length > 0 && <p>{t("fix.recurrences", { numbers: fix.recurrences.map((x) => x.number).join(", ") })}</p>}
    </section>
  );
}
