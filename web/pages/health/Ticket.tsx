/** /antrean/:token — the citizen's phone view: the number, how many are ahead, the number called now, live; a notice near the turn. */
import { useEffect, useRef, useState } from "react";
import { get } from "../../api.ts";
import { StatusTag } from "../../ui/StatusTag.tsx";
import { formatDate, Loading, PageTitle } from "../../ui/misc.tsx";
import { STATE_TONE, type TicketState, useHealthT, useLiveState } from "./shared.tsx";
import { formatTime } from "../../ui/time.ts";

export default function Ticket({ token }: { token: string }) {
  const { t } = useHealthT();
  const [first, setFirst] = useState<TicketState | null>(null);
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    get<TicketState>(`/api/public/health/tickets/${encodeURIComponent(token)}`).then(setFirst, () => setMissing(true));
  }, [token]);
  const { state, online } = useLiveState<TicketState>(first ? `/api/public/health/tickets/${encodeURIComponent(token)}/live` : null);
  const s = state ?? first;
  const [notify, setNotify] = useState(typeof Notification !== "undefined" && Notification.permission === "granted");
  const told = useRef<string>("");

  // Tell the patient once when the turn nears and once when called: a system notification (if allowed) and a vibration.
  useEffect(() => {
    if (!s) return;
    const moment = s.state === "called" ? "called" : s.nearTurn ? "near" : "";
    if (!moment || told.current === moment) return;
    told.current = moment;
    const text = moment === "called" ? t("ticket.yourTurn") : t("ticket.nearTurn");
    navigator.vibrate?.([200, 100, 200]);
    if (notify && typeof Notification !== "undefined") new Notification(`${s.code} · ${s.poliName}`, { body: text, tag: `antrean-${s.code}` });
  }, [s, notify, t]);

  if (missing)
    return (
      <div className="narrow">
        <PageTitle>{t("ticket.title")}</PageTitle>
        <p>{t("ticket.missing")}</p>
      </div>
    );
  if (!s) return <Loading />;
  return (
    <div className="narrow">
      <PageTitle caption={`${s.facilityName} · ${s.poliName}`}>{t("ticket.title")}</PageTitle>
      <div className="hq-ticket">
        <p className="caption">{t("ticket.number")}</p>
        <p className="hq-ticket__code">{s.code}</p>
        <StatusTag tone={STATE_TONE[s.state]}>{t(`ticket.states.${s.state}`)}</StatusTag>
        <p>
          {formatDate(s.date)} · {s.namadokter} · {s.jampraktek}
        </p>
        <dl aria-live="polite">
          <dt>{t("ticket.ahead")}</dt>
          <dd>{s.state === "booked" || s.state === "hadir" ? s.ahead : "–"}</dd>
          <dt>{t("ticket.nowServing")}</dt>
          <dd>{s.nowServing ?? t("ticket.none")}</dd>
          {s.estimate && (
            <>
              <dt>{t("ticket.estimate")}</dt>
              <dd>{formatTime(s.estimate)}</dd>
            </>
          )}
        </dl>
      </div>
      <div role="status" aria-live="assertive">
        {s.state === "called" && <p className="hq-alert hq-alert--now">{t("ticket.yourTurn")}</p>}
        {s.state !== "called" && s.nearTurn && <p className="hq-alert">{t("ticket.nearTurn")}</p>}
      </div>
      <p className="muted">{online ? t("ticket.live") : t("ticket.offline")}</p>
      {typeof Notification !== "undefined" &&
        (notify ? (
          <p>{t("ticket.notifyOn")}</p>
        ) : (
          <p>
            <button type="button" className="button button--secondary" onClick={() => Notification.requestPermission().then((p) => setNotify(p === "granted"))}>
              {t("ticket.notify")}
            </button>
          </p>
        ))}
      <p className="muted">{t("ticket.keep")}</p>
    </div>
  );
}
