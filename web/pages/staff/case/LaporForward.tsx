/**
 * "Teruskan ke SP4N-LAPOR!" on an e-Lapor report, for Kominfo (`lapor.moderate`): queues the report for the national
 * complaints system and shows how far it got; the tracking id LAPOR! answers appears above as the national reference
 * (docs/complaints.md, "Forwarding to SP4N-LAPOR!").
 */
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { get, post } from "../../../api.ts";
import { SubmitButton } from "../../../ui/buttons.tsx";
import { ErrorSummary, useForm } from "../../../ui/form.tsx";
import { formatDateTime } from "../../../ui/misc.tsx";
import { hasPermission, useSession } from "../../../session.tsx";
import type { StaffCase } from "../types.ts";

interface Forwarding {
  state: "none" | "pending" | "sent" | "failed";
  trackingId: string | null;
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
}

export function LaporForward({ c, tz, onSent }: { c: StaffCase; tz?: string; onSent: () => void }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const allowed = c.service.kind === "complaint" && hasPermission(session, "lapor.moderate");
  const [f, setF] = useState<Forwarding | null>(null);
  const form = useForm({});
  const url = `/api/lapor/reports/${c.id}/sp4n-lapor`;
  const load = useCallback(async () => setF(await get<Forwarding>(url)), [url]);
  useEffect(() => {
    if (allowed) void load().catch(() => setF(null));
  }, [allowed, load]);
  if (!allowed || !f) return null;
  const onSubmit = form.submit(
    () => ({}),
    async () => {
      setF(await post<Forwarding>(url));
      onSent();
    },
  );
  return (
    <div className="lapor-forward">
      {f.state === "pending" && <p>{t("national.forward.pending", { attempts: f.attempts })}</p>}
      {f.state === "sent" && <p>{t("national.forward.sent", { at: f.sentAt ? formatDateTime(f.sentAt, tz) : "" })}</p>}
      {f.state === "failed" && <p>{t("national.forward.failed", { message: f.lastError ?? "" })}</p>}
      {(f.state === "none" || f.state === "failed") && (
        <form className="inline-form" onSubmit={onSubmit} noValidate>
          <ErrorSummary summary={form.summary} />
          <p className="muted">{t("national.forward.hint")}</p>
          <SubmitButton busy={form.submitting}>{t("national.forward.button")}</SubmitButton>
        </form>
      )}
    </div>
  );
}
