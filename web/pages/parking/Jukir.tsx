/**
 * /parkir/jukir — the attendant's phone: enter a plate and vehicle type, show the dynamic QRIS, watch it turn paid
 * (or record cash), then the next vehicle. Built for a cheap 360 px phone: one column, big buttons, no map.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { get, post } from "../../api.ts";
import { ErrorSummary, Radios, SubmitButton, TextField, useForm } from "../../ui/form.tsx";
import { Loading, PageTitle } from "../../ui/misc.tsx";
import { StatusTag } from "../../ui/StatusTag.tsx";
import { type JukirHome, type ParkingSession, QrImage, rupiah, useParkingT } from "./shared.tsx";
import { Section } from "../../ui/Section.tsx";

const POLL_MS = 3000;

export default function JukirPage() {
  const { t } = useParkingT();
  const [home, setHome] = useState<JukirHome | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [current, setCurrent] = useState<ParkingSession | null>(null);
  const [cashDone, setCashDone] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const statusRef = useRef<HTMLParagraphElement>(null);
  const form = useForm(
    { plate: "", vehicleType: "", hours: "1" },
    { labels: { plate: t("jukir.plate"), vehicleType: t("jukir.vehicle"), hours: t("jukir.hours") } },
  );

  const reload = useCallback(() => {
    get<JukirHome>("/api/parking/jukir/me").then(setHome, (e) => setError(e.title ?? String(e)));
  }, []);
  useEffect(reload, [reload]);

  // While the QR is shown, ask whether it has been paid.
  useEffect(() => {
    if (!current || current.paid || cashDone !== null) return;
    const timer = setInterval(() => {
      get<ParkingSession>(`/api/parking/jukir/sessions/${current.id}`).then(
        (s) => {
          if (s.paid) {
            setCurrent(s);
            reload();
          }
        },
        () => undefined,
      );
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [current, cashDone, reload]);

  useEffect(() => {
    if (current?.paid || cashDone !== null) statusRef.current?.focus();
  }, [current?.paid, cashDone]);

  if (error) return <p role="alert">{error}</p>;
  if (!home) return <Loading />;
  const tariffs = home.point.tariffs;
  const chosen = tariffs.find((x) => x.vehicleType === form.values.vehicleType);

  const start = form.submit(
    (v) => {
      const errs: Record<string, string> = {};
      if (!v.plate.trim()) errs.plate = t("jukir.plateMissing");
      if (!v.vehicleType) errs.vehicleType = t("jukir.vehicleMissing");
      return errs;
    },
    async (v) => {
      const s = await post<ParkingSession>("/api/parking/jukir/sessions", {
        plate: v.plate,
        vehicleType: v.vehicleType,
        ...(chosen?.mode === "hour" ? { hours: Number(v.hours) || 1 } : {}),
      });
      setCashDone(null);
      setCurrent(s);
      reload();
    },
  );

  const next = () => {
    setCurrent(null);
    setCashDone(null);
    form.setValues({ plate: "", vehicleType: form.values.vehicleType, hours: "1" });
    reload();
    setTimeout(() => document.getElementById("plate")?.focus(), 0);
  };
  const act = async (fn: () => Promise<void>) => {
    if (busy) return;
    setBusy(true);
    try {
      await fn();
    } catch (e) {
      form.showProblem(e);
    } finally {
      setBusy(false);
    }
  };
  const cash = () =>
    act(async () => {
      if (!current) return;
      const r = await post<{ amount: number }>(`/api/parking/jukir/sessions/${current.id}/cash`);
      setCashDone(r.amount);
      reload();
    });
  const simulate = () =>
    act(async () => {
      if (!current) return;
      await post("/api/parking/dev/pay", { orderId: current.orderId });
      setCurrent(await get<ParkingSession>(`/api/parking/jukir/sessions/${current.id}`));
      reload();
    });

  return (
    <>
      <PageTitle caption={`${home.point.code} · ${home.attendant.name}`}>{t("jukir.title", { point: home.point.name })}</PageTitle>
      <p>{t("jukir.today", { paid: home.today.paid, sessions: home.today.sessions, amount: rupiah(home.today.amount) })}</p>
      <ErrorSummary summary={form.summary} />
      {current ? (
        <Section className="pk-pay" titleId="pay-title" title={t("jukir.payTitle")}>
          <p className="pk-pay__amount">{t("jukir.payAmount", { plate: current.plate, amount: rupiah(current.amount) })}</p>
          {!current.paid && cashDone === null && (
            <QrImage text={current.qris} label={t("jukir.qrLabel", { plate: current.plate, amount: rupiah(current.amount) })} />
          )}
          <p ref={statusRef} tabIndex={-1} role="status" className={`pk-status${current.paid || cashDone !== null ? " pk-status--paid" : ""}`}>
            {cashDone !== null ? t("jukir.cashDone", { amount: rupiah(cashDone) }) : current.paid ? t("jukir.paid") : t("jukir.waiting")}
          </p>
          <div className="pk-actions">
            {!current.paid && cashDone === null && (
              <>
                <button type="button" className="button button--secondary" onClick={cash} aria-disabled={busy || undefined}>
                  {t("jukir.cash")}
                </button>
                {home.devGateway && (
                  <button type="button" className="button button--secondary" onClick={simulate} aria-disabled={busy || undefined}>
                    {t("jukir.simulate")}
                  </button>
                )}
              </>
            )}
            <button type="button" className="button" onClick={next}>
              {t("jukir.next")}
            </button>
          </div>
        </Section>
      ) : (
        <form onSubmit={start} noValidate aria-labelledby="new-title">
          <h2 id="new-title">{t("jukir.newTitle")}</h2>
          <TextField
            id="plate"
            label={t("jukir.plate")}
            hint={t("jukir.plateHint")}
            className="pk-plate"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            {...form.bind("plate")}
          />
          <Radios
            name="vehicleType"
            legend={t("jukir.vehicle")}
            value={form.values.vehicleType}
            onChange={(v) => form.setValues({ ...form.values, vehicleType: v })}
            error={form.errors.vehicleType}
            options={tariffs.map((x) => ({ value: x.vehicleType, label: `${t(`vehicle.${x.vehicleType}`)} — ${rupiah(x.amount)} ${t(`mode.${x.mode}`)}` }))}
          />
          {chosen?.mode === "hour" && (
            <TextField id="hours" label={t("jukir.hours")} type="number" inputMode="numeric" min={1} max={48} width="6" {...form.bind("hours")} />
          )}
          <SubmitButton busy={form.submitting}>{t("jukir.makeQr")}</SubmitButton>
        </form>
      )}
      {home.sessions.length > 0 && (
        <Section titleId="sessions-title" title={t("jukir.sessionsTitle")}>
          <ul className="pk-list">
            {home.sessions.map((s) => (
              <li key={s.id}>
                <span>
                  <strong>{s.plate}</strong> · {t(`vehicle.${s.vehicleType}`)} · {rupiah(s.amount)}
                </span>
                <StatusTag tone={s.paid ? "green" : "grey"}>{s.paid ? t("jukir.paidTag") : t("jukir.unpaidTag")}</StatusTag>
              </li>
            ))}
          </ul>
        </Section>
      )}
      <details className="pk-details">
        <summary>{t("jukir.staticTitle")}</summary>
        <p className="muted">{t("jukir.staticHint")}</p>
        <div className="pk-statics">
          {home.staticQris.map((q) => (
            <figure key={q.vehicleType}>
              <QrImage text={q.qris} size={160} label={t("jukir.staticQrLabel", { vehicle: t(`vehicle.${q.vehicleType}`), amount: rupiah(q.amount) })} />
              <figcaption>
                {t(`vehicle.${q.vehicleType}`)} · {rupiah(q.amount)} {t(`mode.${q.mode}`)}
              </figcaption>
            </figure>
          ))}
        </div>
      </details>
      <p>
        <a href={`/jukir/${home.attendant.cardCode}`}>{t("jukir.myCard")}</a>
      </p>
    </>
  );
}
