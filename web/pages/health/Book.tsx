/** /puskesmas — the citizen takes a queue number: puskesmas (nearest first), poli and session, patient; then the ticket. */
import { useEffect, useMemo, useState } from "react";
import { Link, useLocation } from "wouter";
import { get, post } from "../../api.ts";
import { useSession } from "../../session.tsx";
import { ErrorSummary, Radios, SubmitButton, TextField, useForm } from "../../ui/form.tsx";
import { formatDate, Loading, Notice, PageTitle } from "../../ui/misc.tsx";
import { MyBookings } from "./MyBookings.tsx";
import { type Booking, type Facility, type FacilityDetail, useHealthT } from "./shared.tsx";

export default function Book() {
  const { t } = useHealthT();
  const { session } = useSession();
  const [, navigate] = useLocation();
  const [facilities, setFacilities] = useState<Facility[] | null>(null);
  const [where, setWhere] = useState<"idle" | "locating" | "failed" | "done">("idle");
  const [facilityId, setFacilityId] = useState("");
  const [detail, setDetail] = useState<FacilityDetail | null>(null);
  const [poliId, setPoliId] = useState("");
  const [session_, setSession] = useState("");
  const signedIn = session?.user?.kind === "citizen";

  useEffect(() => {
    get<Facility[]>("/api/public/health/facilities").then(setFacilities, () => setFacilities([]));
  }, []);
  useEffect(() => {
    setDetail(null);
    setSession("");
    if (facilityId) get<FacilityDetail>(`/api/public/health/facilities/${facilityId}`).then(setDetail);
  }, [facilityId]);
  useEffect(() => {
    if (detail) setPoliId((p) => (detail.polis.some((x) => x.id === p) ? p : (detail.polis[0]?.id ?? "")));
  }, [detail]);

  const locate = () => {
    if (!navigator.geolocation) return setWhere("failed");
    setWhere("locating");
    navigator.geolocation.getCurrentPosition(
      (pos) =>
        get<Facility[]>(`/api/public/health/facilities?lat=${pos.coords.latitude}&lon=${pos.coords.longitude}`).then((list) => {
          setFacilities(list);
          setWhere("done");
        }),
      () => setWhere("failed"),
      { timeout: 10_000, maximumAge: 300_000 },
    );
  };

  const poli = detail?.polis.find((p) => p.id === poliId);
  const chosen = poli?.sessions.find((s) => `${s.date}|${s.scheduleId}` === session_);
  const closed = useMemo(() => detail?.days.filter((d) => !d.open).map((d) => formatDate(d.date)) ?? [], [detail]);

  const form = useForm(
    { forWhom: "self", patientName: session?.user?.name ?? "", nik: "", nomorkartu: "", nohp: "", keluhan: "" },
    {
      labels: {
        patientName: t("book.name"),
        nik: t("book.nik"),
        nomorkartu: t("book.card"),
        nohp: t("book.phone"),
        keluhan: t("book.complaint"),
        session: t("book.session"),
      },
    },
  );
  const v = form.values;
  const onSubmit = form.submit(
    (x) => {
      const e: Record<string, string> = {};
      if (!chosen) e.session = t("book.errSession");
      if (x.patientName.trim().length < 2) e.patientName = t("book.errName");
      if (!/^\d{16}$/.test(x.nik)) e.nik = t("book.errNik");
      if (x.nomorkartu && !/^\d{13}$/.test(x.nomorkartu)) e.nomorkartu = t("book.errCard");
      return e;
    },
    async (x) => {
      if (!chosen || !detail || !poli) return;
      const b = await post<Booking>("/api/health/bookings", {
        facilityId: detail.id,
        poliId: poli.id,
        scheduleId: chosen.scheduleId,
        date: chosen.date,
        forWhom: x.forWhom,
        patientName: x.patientName.trim(),
        nik: x.nik,
        ...(x.nomorkartu ? { nomorkartu: x.nomorkartu } : {}),
        ...(x.nohp ? { nohp: x.nohp } : {}),
        ...(x.keluhan ? { keluhan: x.keluhan } : {}),
      });
      navigate(`/antrean/${b.token}`);
    },
  );

  return (
    <div className="narrow">
      <PageTitle>{t("book.title")}</PageTitle>
      <p className="lead">{t("book.lead")}</p>
      {signedIn && <MyBookings />}
      <ErrorSummary summary={form.summary} />
      <form onSubmit={onSubmit} noValidate>
        <h2 className="h3">{t("book.step1")}</h2>
        <p>
          <button type="button" className="button button--secondary" onClick={locate}>
            {t("book.useLocation")}
          </button>
        </p>
        {where === "locating" && <p role="status">{t("book.locating")}</p>}
        {where === "failed" && <Notice kind="info">{t("book.locationFailed")}</Notice>}
        {!facilities ? (
          <Loading />
        ) : (
          <Radios
            name="facility"
            legend={<span className="visually-hidden">{t("book.step1")}</span>}
            value={facilityId}
            onChange={setFacilityId}
            listClassName="hq-list"
            itemClassName="hq-option"
            options={facilities.map((f) => ({
              value: f.id,
              label: (
                <>
                  <strong>{f.name}</strong>
                  <span className="hq-option__meta">
                    {f.address}
                    {f.distanceMeters !== undefined && ` · ${t("book.km", { km: (f.distanceMeters / 1000).toFixed(1) })}`}
                  </span>
                </>
              ),
            }))}
          />
        )}

        {facilityId && !detail && <Loading />}
        {detail && (
          <>
            <h2 className="h3">{t("book.step2")}</h2>
            <Radios
              name="poli"
              legend={t("book.poli")}
              value={poliId}
              onChange={(p) => {
                setPoliId(p);
                setSession("");
              }}
              options={detail.polis.map((p) => ({ value: p.id, label: p.name }))}
            />
            {closed.length > 0 && <p className="muted">{t("book.closedDays", { days: closed.join(", ") })}</p>}
            {poli && poli.sessions.length === 0 && <Notice kind="info">{t("book.noSessions")}</Notice>}
            {poli && poli.sessions.length > 0 && (
              <fieldset className={`field fieldset${form.errors.session ? " field--error" : ""}`} id="session">
                <legend className="field__label">{t("book.session")}</legend>
                {form.errors.session && <p className="field__error">{form.errors.session}</p>}
                <ul className="hq-list">
                  {poli.sessions.map((s) => {
                    const key = `${s.date}|${s.scheduleId}`;
                    return (
                      <li key={key} className={`hq-option${s.left === 0 ? " hq-option--disabled" : ""}`}>
                        <input
                          type="radio"
                          id={`session-${key}`}
                          name="session"
                          value={key}
                          checked={session_ === key}
                          disabled={s.left === 0}
                          onChange={() => setSession(key)}
                        />
                        <label htmlFor={`session-${key}`}>
                          <strong>{formatDate(s.date)}</strong>
                          <span className="hq-option__meta">
                            {s.namadokter} · {s.jampraktek} · {s.left === 0 ? t("book.full") : t("book.left", { n: s.left, of: s.kapasitas })}
                          </span>
                        </label>
                      </li>
                    );
                  })}
                </ul>
              </fieldset>
            )}
          </>
        )}

        {chosen &&
          (signedIn ? (
            <>
              <h2 className="h3">{t("book.step3")}</h2>
              <Radios
                name="forWhom"
                legend={t("book.forWhom")}
                value={v.forWhom}
                inline
                onChange={(w) => form.setValues((o) => ({ ...o, forWhom: w, patientName: w === "self" ? (session?.user?.name ?? "") : "" }))}
                options={[
                  { value: "self", label: t("book.self") },
                  { value: "family", label: t("book.family") },
                ]}
              />
              <TextField id="patientName" label={t("book.name")} {...form.bind("patientName")} autoComplete="name" />
              <TextField id="nik" label={t("book.nik")} hint={t("book.nikHint")} {...form.bind("nik")} inputMode="numeric" maxLength={16} width="20" />
              <TextField
                id="nomorkartu"
                label={t("book.card")}
                hint={t("book.cardHint")}
                {...form.bind("nomorkartu")}
                inputMode="numeric"
                maxLength={13}
                width="20"
              />
              <TextField id="nohp" label={t("book.phone")} {...form.bind("nohp")} inputMode="tel" autoComplete="tel" width="20" />
              <TextField id="keluhan" label={t("book.complaint")} {...form.bind("keluhan")} maxLength={300} />
              <SubmitButton busy={form.submitting}>{t("book.submit")}</SubmitButton>
            </>
          ) : (
            <Notice kind="info" title={t("book.signIn")}>
              <p>{t("book.signInBody")}</p>
              <p>
                <Link href="/masuk?next=/puskesmas">{t("book.signIn")}</Link>
              </p>
            </Notice>
          ))}
      </form>
    </div>
  );
}
