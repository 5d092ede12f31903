/**
 * /darurat — the citizen's emergency page (public, light: no map or chart libraries). Calling 112 comes first;
 * then "send my emergency location": type + GPS → an incident for the call takers, followed by its status.
 */
import "./darurat.css";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { Link, useLocation, useSearch } from "wouter";
import { get, post, ProblemError } from "../../api.ts";
import { ErrorSummary, Fieldset, OptionalLabel, SubmitButton, type Summary, TextAreaField, TextField } from "../../ui/form.tsx";
import { useSession } from "../../session.tsx";
import { PageTitle } from "../../ui/misc.tsx";
import { hhmm, INCIDENT_TYPES, useCommandT, useCityTimeZone } from "./i18n.ts";
import { Section } from "../../ui/Section.tsx";
import { usePolling } from "../../ui/usePolling.ts";

interface Tracking {
  number: string;
  type: string;
  state: string;
  receivedAt: string | null;
  dispatchedAt: string | null;
  arrivedAt: string | null;
  closedAt: string | null;
}

const optional = (label: string) => <OptionalLabel label={label} className="darurat-optional" />;

export default function Darurat() {
  const { t } = useCommandT();
  useCityTimeZone(useSession().session?.tenant.timezone);
  const search = useSearch();
  const token = new URLSearchParams(search).get("lacak");
  return (
    <div className="darurat">
      <PageTitle>{t("darurat.title")}</PageTitle>
      <p className="lead">{t("darurat.lead")}</p>
      <CallButton />
      {token ? <TrackingView token={token} /> : <SendForm />}
    </div>
  );
}

function CallButton() {
  const { t } = useCommandT();
  return (
    <div className="darurat-call-box">
      <a href="tel:112" className="darurat-call">
        <svg viewBox="0 0 24 24" width="32" height="32" aria-hidden="true" focusable="false">
          <path
            d="M6.6 10.8a15.1 15.1 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25 11.4 11.4 0 0 0 3.6.57 1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.45.57 3.57a1 1 0 0 1-.25 1z"
            fill="currentColor"
          />
        </svg>
        {t("darurat.call")}
      </a>
      <p className="darurat-call-hint">{t("darurat.callHint")}</p>
    </div>
  );
}

type GeoProblem = "denied" | "unavailable" | "unsupported";

function SendForm() {
  const { t } = useCommandT();
  const [, navigate] = useLocation();
  const [type, setType] = useState("");
  const [phone, setPhone] = useState("");
  const [notes, setNotes] = useState("");
  const [phase, setPhase] = useState<"idle" | "locating" | "sending">("idle");
  const [geoProblem, setGeoProblem] = useState<GeoProblem | null>(null);
  const [summary, setSummary] = useState<Summary | null>(null);
  const [typeError, setTypeError] = useState<string | null>(null);
  const n = useRef(0);
  const geoRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (geoProblem) geoRef.current?.focus();
  }, [geoProblem]);

  const send = async (pos: GeolocationPosition) => {
    setPhase("sending");
    try {
      const r = await post<{ number: string; trackingToken: string }>("/api/public/emergency", {
        type,
        lat: Math.round(pos.coords.latitude * 1e6) / 1e6,
        lon: Math.round(pos.coords.longitude * 1e6) / 1e6,
        accuracy: Number.isFinite(pos.coords.accuracy) ? Math.round(pos.coords.accuracy) : undefined,
        phone: phone.trim() || undefined,
        notes: notes.trim() || undefined,
      });
      navigate(`/darurat?lacak=${encodeURIComponent(r.trackingToken)}`, { replace: true });
    } catch (err) {
      n.current += 1;
      const p = err instanceof ProblemError ? err : new ProblemError({ status: 0, title: String(err) });
      setSummary({ title: p.title, items: p.errors.map((e) => ({ field: e.field === "type" ? "type" : undefined, message: e.message })), n: n.current });
      setPhase("idle");
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (phase !== "idle") return;
    setGeoProblem(null);
    setSummary(null);
    if (!type) {
      n.current += 1;
      setTypeError(t("darurat.err.type"));
      setSummary({ items: [{ field: "type", message: t("darurat.err.type") }], n: n.current });
      return;
    }
    setTypeError(null);
    if (!("geolocation" in navigator)) {
      setGeoProblem("unsupported");
      return;
    }
    setPhase("locating");
    navigator.geolocation.getCurrentPosition(
      (pos) => void send(pos),
      (err) => {
        setPhase("idle");
        setGeoProblem(err.code === err.PERMISSION_DENIED ? "denied" : "unavailable");
      },
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 30_000 },
    );
  };

  return (
    <Section titleId="send-title" title={t("darurat.sendTitle")} className="darurat-send">
      <p>{t("darurat.sendLead")}</p>
      <ErrorSummary summary={summary} />
      {geoProblem && (
        <div className="notice notice--warning darurat-geo" ref={geoRef} tabIndex={-1} role="alert">
          {geoProblem === "unsupported" ? (
            <p className="notice__title">{t("darurat.unsupported")}</p>
          ) : (
            <>
              <p className="notice__title">{t(`darurat.${geoProblem}.title`)}</p>
              <p>{t(`darurat.${geoProblem}.body`)}</p>
            </>
          )}
          <p>
            <a href="tel:112" className="darurat-call darurat-call--small">
              {t("darurat.call")}
            </a>
          </p>
        </div>
      )}
      <form onSubmit={submit} noValidate>
        <Fieldset id="type" legend={t("darurat.type")} legendClassName="field__label darurat-legend" error={typeError}>
          <div className="darurat-types">
            {INCIDENT_TYPES.map((key, i) => (
              <div className="darurat-type" key={key}>
                <input type="radio" name="type" id={i === 0 ? "type" : `type-${key}`} value={key} checked={type === key} onChange={() => setType(key)} />
                <label htmlFor={i === 0 ? "type" : `type-${key}`}>{t(`types.${key}`)}</label>
              </div>
            ))}
          </div>
        </Fieldset>
        <TextField
          id="phone"
          label={optional(t("darurat.phone"))}
          hint={t("darurat.phoneHint")}
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          width="10"
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
        />
        <TextAreaField
          id="notes"
          name="notes"
          label={optional(t("darurat.notes"))}
          hint={t("darurat.notesHint")}
          rows={2}
          maxLength={500}
          value={notes}
          onChange={(e) => setNotes(e.target.value)}
        />
        <SubmitButton busy={phase !== "idle"} className="darurat-share">
          {phase === "locating" ? t("darurat.locating") : phase === "sending" ? t("darurat.sending") : t("darurat.share")}
        </SubmitButton>
        <p className="visually-hidden" role="status">
          {phase === "locating" ? t("darurat.locating") : phase === "sending" ? t("darurat.sending") : ""}
        </p>
      </form>
    </Section>
  );
}

function TrackingView({ token }: { token: string }) {
  const { t, i18n } = useCommandT();
  const lang = i18n.language;
  const [data, setData] = useState<Tracking | null>(null);
  const [error, setError] = useState<string | null>(null);
  const headRef = useRef<HTMLHeadingElement>(null);

  usePolling(
    (live) =>
      get<Tracking>(`/api/public/emergency/${encodeURIComponent(token)}`).then(
        (d) => {
          if (!live()) return;
          setData(d);
          setError(null);
        },
        (e) => live() && setError(e instanceof ProblemError ? e.title : String(e)),
      ),
    10_000,
    token,
  );

  useEffect(() => {
    headRef.current?.focus();
  }, []);

  const steps = [
    { key: "received", at: data?.receivedAt },
    { key: "dispatched", at: data?.dispatchedAt },
    { key: "arrived", at: data?.arrivedAt },
    { key: "closed", at: data?.closedAt },
  ];
  const current = steps.reduce((c, s, i) => (s.at ? i : c), data ? 0 : -1);

  return (
    <section aria-labelledby="sent-title" className="darurat-sent">
      <div className="panel panel--confirm darurat-panel">
        <h2 id="sent-title" className="panel__title" ref={headRef} tabIndex={-1}>
          {t("darurat.sentTitle")}
        </h2>
        {data && (
          <p className="panel__body">
            <span className="panel__label">{t("common.numberLabel")}</span> <span className="panel__number">{data.number}</span>
          </p>
        )}
      </div>
      <p className="darurat-keep">
        <strong>{t("darurat.keepCalling")}</strong>
      </p>
      {error && <p role="alert">{error}</p>}
      <h2>{t("darurat.statusTitle")}</h2>
      <ol className="darurat-steps" aria-live="polite">
        {steps.map((s, i) => (
          <li
            key={s.key}
            className={`darurat-step${s.at ? " darurat-step--done" : ""}${i === current ? " darurat-step--current" : ""}`}
            aria-current={i === current ? "step" : undefined}
          >
            <span className="darurat-step__mark" aria-hidden="true">
              {s.at ? "✓" : ""}
            </span>
            <span className="darurat-step__text">
              {t(`darurat.steps.${s.key}`)}
              {s.at && <span className="darurat-step__time"> · {hhmm(s.at, lang)}</span>}
              {i === current && <span className="visually-hidden"> ({t("darurat.current")})</span>}
            </span>
          </li>
        ))}
      </ol>
      {data?.state === "false_alarm" && <p>{t("darurat.falseAlarm")}</p>}
      <p className="muted">{t("darurat.statusNote")}</p>
      <p>
        <Link href="/darurat">{t("darurat.again")}</Link>
      </p>
    </section>
  );
}
