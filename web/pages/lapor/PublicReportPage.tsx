/** /laporan/:number — one report for everyone (never its reporter), and the form to flag it for moderation. */
import { type FormEvent, useState } from "react";
import { post, ProblemError } from "../../api.ts";
import { useSession } from "../../session.tsx";
import { SubmitButton, TextAreaField } from "../../ui/form.tsx";
import { BackLink, Loading, PageTitle } from "../../ui/misc.tsx";
import { useData } from "../citizen/shared.tsx";
import { type GeoConfig, type PublicReportDetail, useCategoryName, useLaporT } from "./shared.tsx";
import type { schemas } from "../../api.ts";
import { FixPanel } from "./loop/FixPanel.tsx";
import { ReportBody, ReportNotFound } from "./ReportBody.tsx";

/** /laporan/:number */
export function PublicReportPage({ params }: { params: { number: string } }) {
  const { t } = useLaporT();
  const catName = useCategoryName();
  const geo = useData<GeoConfig>("/api/geo/config");
  const { data: r, error } = useData<PublicReportDetail>(`/api/public/lapor/reports/${encodeURIComponent(params.number)}`);
  if (error) {
    return <ReportNotFound back="/laporan" backLabel={t("public.back")} error={error} notFound={[404, 400]} />;
  }
  if (!r) return <Loading />;
  const updates = r.timeline ?? [];
  return (
    <>
      <BackLink href="/laporan">{t("public.back")}</BackLink>
      <PageTitle caption={r.number}>{r.title || catName(r.category)}</PageTitle>
      <ReportBody r={r} updates={updates} geo={geo.data}>
        <FixPanel reportId={r.id ?? ""} fix={(r as { fix?: schemas["LaporFix"] }).fix} onDone={() => {}} />
      </ReportBody>
      <p className="muted">{t("public.privacy")}</p>
      {r.id && <FlagForm id={r.id} />}
    </>
  );
}

/** "Laporkan konten tidak pantas": signed-in users flag a report for Kominfo's moderation queue. */
function FlagForm({ id }: { id: string }) {
  const { t } = useLaporT();
  const { session } = useSession();
  const [reason, setReason] = useState("");
  const [error, setError] = useState("");
  const [done, setDone] = useState(false);
  if (!session?.user) return null;
  const send = async (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) {
      setError(t("public.flagMissing"));
      return;
    }
    try {
      await post(`/api/lapor/reports/${id}/flag`, { reason: reason.trim() });
      setDone(true);
      setError("");
    } catch (err) {
      setError(err instanceof ProblemError ? (err.errors[0]?.message ?? err.title) : String(err));
    }
  };
  return (
    <details className="flag">
      <summary>{t("public.flagToggle")}</summary>
      {done ? (
        <p className="notice notice--success" role="status">
          {t("public.flagged")}
        </p>
      ) : (
        <form onSubmit={send} noValidate className="panel">
          <TextAreaField
            id="flag-reason"
            label={t("public.flagReason")}
            hint={t("public.flagHint")}
            error={error}
            errorPrefix={false}
            errorAlert
            rows={3}
            maxLength={1000}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          <SubmitButton className="button--secondary">{t("public.flagSend")}</SubmitButton>
        </form>
      )}
    </details>
  );
}
