/** The signed-in citizen's queue numbers from today on, each with its ticket link and a cancel with a reason. */
import { useCallback, useEffect, useState } from "react";
import { Link } from "wouter";
import { get, post } from "../../api.ts";
import { StatusTag } from "../../ui/StatusTag.tsx";
import { formatDate } from "../../ui/misc.tsx";
import { type Booking, STATE_TONE, useHealthT } from "./shared.tsx";
import { Section } from "../../ui/Section.tsx";
import { SubmitButton } from "../../ui/buttons.tsx";

export function MyBookings() {
  const { t } = useHealthT();
  const [rows, setRows] = useState<Booking[]>([]);
  const [cancelling, setCancelling] = useState<string | null>(null);
  const [reason, setReason] = useState("");
  const load = useCallback(() => get<Booking[]>("/api/health/bookings/mine").then(setRows, () => setRows([])), []);
  useEffect(() => {
    void load();
  }, [load]);
  if (!rows.length) return null;
  return (
    <Section titleId="hq-mine" title={t("book.mine")} titleClassName="h3">
      <ul className="hq-list">
        {rows.map((b) => (
          <li key={b.id} className="hq-option">
            <div style={{ flex: 1 }}>
              <strong>{b.code}</strong> · {formatDate(b.date)}{" "}
              <StatusTag tone={STATE_TONE[b.state as keyof typeof STATE_TONE] ?? "grey"}>{t(`ticket.states.${b.state}`)}</StatusTag>
              <span className="hq-option__meta">{b.patientName}</span>
              {cancelling === b.id && (
                <form
                  className="inline-form"
                  onSubmit={async (e) => {
                    e.preventDefault();
                    await post(`/api/health/bookings/${b.id}/cancel`, { alasan: reason });
                    setCancelling(null);
                    setReason("");
                    await load();
                  }}
                >
                  <label className="field__label" htmlFor={`reason-${b.id}`}>
                    {t("book.cancelReason")}
                  </label>
                  <input id={`reason-${b.id}`} className="input input--w20" value={reason} minLength={3} required onChange={(e) => setReason(e.target.value)} />
                  <SubmitButton className="button--warning button--small">{t("book.cancelConfirm")}</SubmitButton>
                </form>
              )}
            </div>
            <div className="button-group">
              <Link className="button button--small" href={`/antrean/${b.token}`}>
                {t("book.open")} <span className="visually-hidden">{b.code}</span>
              </Link>
              {(b.state === "booked" || b.state === "hadir") && cancelling !== b.id && (
                <button type="button" className="button button--secondary button--small" onClick={() => setCancelling(b.id)}>
                  {t("book.cancel")} <span className="visually-hidden">{b.code}</span>
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
    </Section>
  );
}
