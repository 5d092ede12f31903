/** /konsol/puskesmas — the registration counter: call next (N), recall, served, no-show; check-ins, walk-ins, cancellations. */
import { useCallback, useEffect, useState } from "react";
import { Link } from "wouter";
import { get, post, ProblemError, type schemas } from "../../api.ts";
import { type Column, DataTable } from "../../ui/DataTable.tsx";
import { ErrorSummary, SelectField, SubmitButton, TextField, useForm } from "../../ui/form.tsx";
import { Notice, PageTitle } from "../../ui/misc.tsx";
import { StatusTag } from "../../ui/StatusTag.tsx";
import { type CounterRow as Row, type CounterState, STATE_TONE, useHealthT, useLiveState } from "./shared.tsx";

export default function Counter() {
  const { t } = useHealthT();
  const [facilities, setFacilities] = useState<{ id: string; name: string }[]>([]);
  const [facilityId, setFacilityId] = useState("");
  const [poliId, setPoliId] = useState("");
  const [data, setData] = useState<CounterState | null>(null);
  const [message, setMessage] = useState<{ kind: "success" | "warning"; text: string } | null>(null);

  useEffect(() => {
    get<schemas["HealthCounterFacilities"]>("/api/health/counter/facilities").then((list) => {
      setFacilities(list);
      if (list[0]) setFacilityId(list[0].id);
    });
  }, []);
  const load = useCallback(async () => {
    if (!facilityId) return;
    const d = await get<CounterState>(`/api/health/counter/${facilityId}${poliId ? `?poliId=${poliId}` : ""}`);
    setData(d);
    if (!poliId && d.poliId) setPoliId(d.poliId);
  }, [facilityId, poliId]);
  useEffect(() => {
    void load();
  }, [load]);
  // Any change on this poli (Mobile JKN, another counter, a citizen cancelling) refreshes the list.
  const { state: live } = useLiveState<{ waiting: number }>(poliId ? `/api/public/health/polis/${poliId}/live` : null);
  useEffect(() => {
    if (live) void load();
  }, [live, load]);

  const act = useCallback(
    async (url: string, body?: unknown) => {
      setMessage(null);
      try {
        await post(url, body);
      } catch (err) {
        setMessage({ kind: "warning", text: err instanceof ProblemError ? err.title : String(err) });
      }
      await load();
    },
    [load],
  );
  const base = `/api/health/counter/${facilityId}`;
  const callNext = useCallback(() => act(`${base}/polis/${poliId}/call-next`), [act, base, poliId]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement;
      if (e.key.toLowerCase() === "n" && !e.ctrlKey && !e.metaKey && !e.altKey && !["INPUT", "SELECT", "TEXTAREA"].includes(el.tagName)) {
        e.preventDefault();
        void callNext();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [callNext]);

  const current = data?.bookings.filter((b) => b.state === "called").sort((a, b) => (b.calledAt ?? "").localeCompare(a.calledAt ?? ""))[0];
  const walkin = useForm(
    { patientName: "", nik: "", nomorkartu: "" },
    { labels: { patientName: t("book.name"), nik: t("book.nik"), nomorkartu: t("book.card") } },
  );
  const onWalkin = walkin.submit(
    (v) => ({
      ...(v.patientName.trim().length < 2 ? { patientName: t("book.errName") } : {}),
      ...(!/^\d{16}$/.test(v.nik) ? { nik: t("book.errNik") } : {}),
      ...(v.nomorkartu && !/^\d{13}$/.test(v.nomorkartu) ? { nomorkartu: t("book.errCard") } : {}),
    }),
    async (v) => {
      const b = await post<{ code: string }>(`${base}/walkins`, {
        poliId,
        patientName: v.patientName.trim(),
        nik: v.nik,
        ...(v.nomorkartu ? { nomorkartu: v.nomorkartu } : {}),
      });
      walkin.setValues({ patientName: "", nik: "", nomorkartu: "" });
      setMessage({ kind: "success", text: t("counter.walkinDone", { code: b.code }) });
      await load();
    },
  );

  const columns: Column<Row>[] = [
    { key: "code", header: t("counter.code"), cell: (r) => <strong>{r.code}</strong>, rowHeader: true },
    { key: "patient", header: t("counter.patient"), cell: (r) => `${r.patientName ?? ""} (${r.nik})` },
    { key: "source", header: t("counter.source"), cell: (r) => t(`counter.sources.${r.source}`) },
    { key: "state", header: t("counter.state"), cell: (r) => <StatusTag tone={STATE_TONE[r.state]}>{t(`ticket.states.${r.state}`)}</StatusTag> },
    {
      key: "actions",
      header: t("counter.actions"),
      cell: (r) => (
        <div className="button-group">
          {r.state === "booked" && (
            <button type="button" className="button button--small" onClick={() => act(`${base}/bookings/${r.id}/checkin`)}>
              {t("counter.checkin")} <span className="visually-hidden">{r.code}</span>
            </button>
          )}
          {(r.state === "booked" || r.state === "hadir") && (
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={() => act(`${base}/bookings/${r.id}/cancel`, { alasan: "Dibatalkan di loket" })}
            >
              {t("counter.cancel")} <span className="visually-hidden">{r.code}</span>
            </button>
          )}
          {r.state === "served" && data?.satusehat && (
            <button type="button" className="button button--secondary button--small" onClick={() => act(`${base}/bookings/${r.id}/satusehat`)}>
              {t("counter.satusehat")} <span className="visually-hidden">{r.code}</span>
            </button>
          )}
        </div>
      ),
    },
  ];

  return (
    <>
      <PageTitle caption={data?.facility.name}>{t("counter.title")}</PageTitle>
      <div className="form-row">
        {facilities.length > 1 && (
          <SelectField
            id="hq-facility"
            label={t("counter.facility")}
            value={facilityId}
            onChange={(e) => {
              setFacilityId(e.target.value);
              setPoliId("");
            }}
            options={facilities.map((f) => ({ value: f.id, label: f.name }))}
          />
        )}
        {data && (
          <SelectField id="hq-poli" label={t("counter.poli")} value={poliId} onChange={(e) => setPoliId(e.target.value)}>
            {data.polis.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({p.kodepoli})
              </option>
            ))}
          </SelectField>
        )}
      </div>
      {poliId && (
        <p>
          <Link href={`/puskesmas/layar/${poliId}`}>{t("counter.display")}</Link>
        </p>
      )}
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      <section className="hq-counter__now" aria-labelledby="hq-now" aria-live="polite">
        <h2 id="hq-now" className="h4">
          {t("counter.current")}
        </h2>
        <span className="hq-counter__code">{current?.code ?? "—"}</span>
        <div className="button-group">
          <button type="button" className="button hq-bigbutton" onClick={() => void callNext()} aria-keyshortcuts="N">
            {t("counter.callNext")}
          </button>
          {current && (
            <>
              <button type="button" className="button button--secondary" onClick={() => act(`${base}/bookings/${current.id}/recall`)}>
                {t("counter.recall")}
              </button>
              <button type="button" className="button button--secondary" onClick={() => act(`${base}/bookings/${current.id}/serve`)}>
                {t("counter.serve")}
              </button>
              <button type="button" className="button button--warning" onClick={() => act(`${base}/bookings/${current.id}/skip`)}>
                {t("counter.skip")}
              </button>
            </>
          )}
        </div>
      </section>
      <p className="muted">{t("counter.shortcut")}</p>
      {data && (
        <DataTable
          caption={t("counter.day")}
          captionVisible
          captionClassName="h3"
          columns={columns}
          rows={data.bookings}
          rowKey={(r) => r.id}
          empty={t("counter.empty")}
          cellLabels
        />
      )}
      <h2 className="h3">{t("counter.walkin")}</h2>
      <ErrorSummary summary={walkin.summary} />
      <form onSubmit={onWalkin} noValidate className="form-grid">
        <TextField id="patientName" label={t("book.name")} {...walkin.bind("patientName")} />
        <TextField id="nik" label={t("book.nik")} {...walkin.bind("nik")} inputMode="numeric" maxLength={16} width="20" />
        <TextField id="nomorkartu" label={t("book.card")} {...walkin.bind("nomorkartu")} inputMode="numeric" maxLength={13} width="20" />
        <SubmitButton busy={walkin.submitting}>{t("counter.walkinSubmit")}</SubmitButton>
      </form>
    </>
  );
}
