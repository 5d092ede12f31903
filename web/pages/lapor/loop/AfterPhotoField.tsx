/**
 * Staff's after-photo for "Tutup: selesai" (docs/complaints.md, "Closing the loop"): uploaded before the action,
 * required or recommended per category; also the citizen's verdict on the last fix and any recurrence link.
 */
import { type FormEvent, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { ProblemError, type schemas } from "../../../api.ts";
import { useSession } from "../../../session.tsx";
import { ErrorSummary, Field, SubmitButton, type Summary } from "../../../ui/form.tsx";
import { postForm } from "../shared.tsx";
import { useLoopT } from "./i18n.ts";

export function AfterPhotoField({
  caseId,
  isOpen,
  fix,
  onChanged,
}: {
  caseId: string;
  isOpen: boolean;
  fix: schemas["LaporFix"] | undefined;
  onChanged: () => void;
}) {
  const { t } = useLoopT();
  const { i18n } = useTranslation();
  const { session } = useSession();
  const ids = useId();
  const [file, setFile] = useState<File | null>(null);
  const [inputKey, setInputKey] = useState(0);
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState("");
  const [summary, setSummary] = useState<Summary | null>(null);
  if (!fix) return null;
  const showUpload = isOpen && fix.afterPhotoRule !== "none";

  const send = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (!file) {
      setErr(t("staff.missing"));
      setSummary({ items: [{ field: `${ids}file`, message: t("staff.missing") }], n: Date.now() });
      return;
    }
    setBusy(true);
    try {
      const form = new FormData();
      form.append("file", file, file.name);
      await postForm(`/api/lapor/reports/${caseId}/after-photo`, form, session?.csrfToken, i18n.language);
      setErr("");
      setSummary(null);
      setFile(null);
      setInputKey((k) => k + 1);
      onChanged();
    } catch (x) {
      const msg = x instanceof ProblemError ? (x.errors[0]?.message ?? x.title) : String(x);
      setErr(msg);
      setSummary({ items: [{ field: `${ids}file`, message: msg }], n: Date.now() });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {(fix.status || fix.recurrenceOf || fix.recurrences.length > 0) && (
        <ul className="tags">
          {fix.status && <li className="tag">{t(`fix.status.${fix.status}`, { ns: "laporloop" })}</li>}
          {fix.rejections > 0 && <li className="tag tag--red">{t("fix.rejections", { count: fix.rejections })}</li>}
          {fix.recurrenceOf && <li className="tag tag--orange">{t("fix.recurrenceOf", { number: fix.recurrenceOf })}</li>}
          {fix.recurrences.length > 0 && (
            <li className="tag tag--orange">{t("fix.recurrences", { numbers: fix.recurrences.map((x) => x.number).join(", ") })}</li>
          )}
        </ul>
      )}
      {showUpload && (
        <form onSubmit={send} noValidate className="panel">
          <h3>{t("staff.title")}</h3>
          <ErrorSummary summary={summary} />
          <p className="muted">{fix.afterPhotoRule === "required" ? t("staff.required") : t("staff.optional")}</p>
          {fix.pendingAfterPhoto && (
            <figure className="fix-panel__photo">
              <img src={fix.pendingAfterPhoto.thumbnailUrl} alt={t("staff.title")} width={240} />
              <figcaption>{t("staff.ready")}</figcaption>
            </figure>
          )}
          <Field id={`${ids}file`} label={t("staff.label")} error={err} errorPrefix={false}>
            {(describedBy) => (
              <input
                key={inputKey}
                id={`${ids}file`}
                type="file"
                accept="image/jpeg,image/png,image/webp"
                className="input input--wfull"
                onChange={(e) => setFile(e.target.files?.[0] ?? null)}
                aria-describedby={describedBy}
                aria-invalid={err ? true : undefined}
              />
            )}
          </Field>
          <SubmitButton busy={busy} className="button--secondary">
            {t("staff.upload")}
          </SubmitButton>
        </form>
      )}
    </>
  );
}
