/** /konsol/harga — Dinas Perdagangan: the enumerator's grid (phone first), CSV/XLSX import, alerts, markets and commodities. */
import { type FormEvent, useEffect, useState } from "react";
import { Link } from "wouter";
import { post, ProblemError, api, type FieldProblem } from "../../api.ts";
import { hasPermission, useSession } from "../../session.tsx";
import { formatDateTime, Loading, Notice, PageTitle } from "../../ui/misc.tsx";
import { useData } from "../citizen/shared.tsx";
import { type Commodity, type Market, pick, rupiah, shortDate, Tabs, usePricesT } from "./shared.tsx";

type Tab = "entry" | "import" | "alerts" | "manage";

function todayLocal() {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Jakarta" }).format(new Date());
}

export default function PricesConsole() {
  const { t } = usePricesT();
  const { session } = useSession();
  const user = session!.user!;
  const isDisdag = user.grants.some((g) => g.role === "kominfo_admin" || g.unitCode === "DISDAG" || g.unitCode.startsWith("DISDAG-"));
  const canManage = isDisdag && hasPermission(session, "prices.manage");
  const tabs: { key: Tab; label: string }[] = [
    ...(isDisdag
      ? [
          { key: "entry" as const, label: t("console.tabEntry") },
          { key: "import" as const, label: t("console.tabImport") },
        ]
      : []),
    { key: "alerts", label: t("console.tabAlerts") },
    ...(canManage ? [{ key: "manage" as const, label: t("console.tabManage") }] : []),
  ];
  const [tab, setTab] = useState<Tab>(tabs[0].key);
  return (
    <>
      <PageTitle caption={session?.tenant.name}>{t("console.title")}</PageTitle>
      <p>
        <Link href="/harga">{t("console.publicPage")}</Link>
      </p>
      <Tabs idPrefix="kh" label={t("console.tabsLabel")} tabs={tabs} value={tab} onChange={setTab} />
      <section id="kh-panel" role="tabpanel" aria-labelledby={`kh-tab-${tab}`}>
        {tab === "entry" && <EntryGrid />}
        {tab === "import" && <Import />}
        {tab === "alerts" && <Alerts />}
        {tab === "manage" && <Manage />}
      </section>
    </>
  );
}

interface SheetRow {
  commodity: string;
  name: { id: string; en: string };
  unit: string;
  price: number | null;
  version: number | null;
  enteredAt: string | null;
  enteredBy: string | null;
  previousPrice: number | null;
  previousDate: string | null;
}
interface Sheet {
  market: Market;
  date: string;
  rows: SheetRow[];
}
interface EntryResult {
  created: number;
  corrected: number;
  unchanged: number;
  alerts: number;
}

const digits = (s: string) => s.replace(/[^\d]/g, "");

function EntryGrid() {
  const { t, i18n } = usePricesT();
  const lang = i18n.language;
  const { data: markets } = useData<Market[]>("/api/prices/markets");
  const [market, setMarket] = useState("");
  const [date, setDate] = useState(todayLocal());
  useEffect(() => {
    if (!market && markets?.length) setMarket(markets.find((m) => m.active)?.code ?? "");
  }, [markets, market]);
  const { data: sheet, reload } = useData<Sheet>(market ? `/api/prices/sheet?market=${encodeURIComponent(market)}&date=${date}` : null);
  const [values, setValues] = useState<Record<string, string>>({});
  const [problems, setProblems] = useState<{ title: string; byRow: Record<number, FieldProblem>; other: FieldProblem[]; questioned: boolean } | null>(null);
  const [confirm, setConfirm] = useState(false);
  const [done, setDone] = useState<EntryResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [historyOf, setHistoryOf] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the sheet changes
  useEffect(() => {
    setValues({});
    setProblems(null);
    setConfirm(false);
  }, [sheet]);

  if (!markets) return <Loading />;
  if (!markets.some((m) => m.active)) return <p>{t("noData")}</p>;
  const changed = (sheet?.rows ?? [])
    .map((r) => ({ r, v: values[r.commodity] }))
    .filter(({ r, v }) => v !== undefined && v !== "" && Number(digits(v)) !== r.price);
  async function save(e: FormEvent) {
    e.preventDefault();
    if (!sheet) return;
    setDone(null);
    if (!changed.length) {
      setProblems({ title: t("console.nothing"), byRow: {}, other: [], questioned: false });
      return;
    }
    setBusy(true);
    try {
      const body = { market, date, prices: changed.map(({ r, v }) => ({ commodity: r.commodity, price: Number(digits(v)) || 0 })), confirm };
      // Negative or decimal input: send as typed so the server explains it.
      body.prices.forEach((p, i) => {
        const raw = changed[i].v.trim();
        if (/^-/.test(raw)) p.price = -Number(digits(raw));
      });
      const res = await post<EntryResult>("/api/prices/entries", body);
      setDone(res);
      setProblems(null);
      reload();
    } catch (err) {
      if (!(err instanceof ProblemError)) throw err;
      const byRow: Record<number, FieldProblem> = {};
      const other: FieldProblem[] = [];
      for (const f of err.errors) {
        const m = /^prices\[(\d+)\]/.exec(f.field);
        if (m) byRow[sheet.rows.indexOf(changed[Number(m[1])].r)] = f;
        else other.push(f);
      }
      setProblems({ title: err.title, byRow, other, questioned: err.code === "price-questioned" });
      // Take the officer to the first flagged row.
      const first = Object.keys(byRow)
        .map(Number)
        .sort((a, b) => a - b)[0];
      if (first !== undefined)
        setTimeout(() => {
          const el = document.getElementById(`kh-p-${sheet.rows[first].commodity}`);
          el?.scrollIntoView({ block: "center" });
          el?.focus({ preventScroll: true });
        }, 0);
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <div className="price-filters">
        <div className="field">
          <label className="field__label" htmlFor="kh-market">
            {t("console.market")}
          </label>
          <select id="kh-market" className="select" value={market} onChange={(e) => setMarket(e.target.value)}>
            {markets
              .filter((m) => m.active)
              .map((m) => (
                <option key={m.code} value={m.code}>
                  {m.name}
                </option>
              ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor="kh-date">
            {t("console.date")}
          </label>
          <input id="kh-date" type="date" className="input" value={date} max={todayLocal()} onChange={(e) => e.target.value && setDate(e.target.value)} />
        </div>
      </div>
      {done && <Notice title={t("console.saved", { ...done })}>{done.alerts > 0 && <p>{t("console.alertsRaised", { count: done.alerts })}</p>}</Notice>}
      {problems && (
        <div className="error-summary" role="alert" tabIndex={-1}>
          <h2 className="error-summary__title">{problems.questioned ? t("console.questionedTitle") : problems.title}</h2>
          {problems.questioned && <p>{t("console.questionedBody")}</p>}
          {problems.other.length > 0 && (
            <ul className="error-summary__list">
              {problems.other.map((f) => (
                <li key={f.field + f.code}>{f.message}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {!sheet ? (
        <Loading />
      ) : (
        <form onSubmit={save} noValidate>
          <ul className="price-grid">
            {sheet.rows.map((r, i) => {
              const p = problems?.byRow[i];
              const v = values[r.commodity] ?? "";
              const n = Number(digits(v));
              const far = v && r.previousPrice && n > 0 && (n / r.previousPrice >= 2 || n / r.previousPrice <= 0.5);
              const id = `kh-p-${r.commodity}`;
              return (
                <li
                  key={r.commodity}
                  className={`price-grid__row${p?.code === "questioned" || far ? " price-grid__row--flag" : ""}${p && p.code !== "questioned" ? " price-grid__row--error" : ""}`}
                  data-commodity={r.commodity}
                >
                  <label htmlFor={id} className="price-grid__name">
                    {pick(r.name, lang)} <span className="muted">(Rp/{r.unit})</span>
                  </label>
                  <input
                    id={id}
                    className="price-grid__input"
                    inputMode="numeric"
                    autoComplete="off"
                    placeholder={r.price != null ? String(r.price) : ""}
                    value={v}
                    aria-invalid={p ? true : undefined}
                    aria-describedby={`${id}-meta${p ? ` ${id}-msg` : ""}`}
                    onChange={(e) => setValues((s) => ({ ...s, [r.commodity]: e.target.value }))}
                  />
                  <p id={`${id}-meta`} className="price-grid__meta">
                    <span>
                      {t("col.previous")}:{" "}
                      {r.previousPrice != null
                        ? t("console.previousOn", { price: rupiah(r.previousPrice, lang), date: shortDate(r.previousDate, lang) })
                        : t("console.noPrevious")}
                    </span>
                    {r.price != null && (
                      <span>
                        {rupiah(r.price, lang)} · {t("console.v", { v: r.version })} · {r.enteredBy ?? "—"}{" "}
                        <button
                          type="button"
                          className="link-button"
                          aria-expanded={historyOf === r.commodity}
                          onClick={() => setHistoryOf(historyOf === r.commodity ? null : r.commodity)}
                        >
                          {t("console.history")}
                          <span className="visually-hidden"> {pick(r.name, lang)}</span>
                        </button>
                      </span>
                    )}
                    {far && !p && <span className="chg--up">⚠ {t("console.localWarn")}</span>}
                  </p>
                  {p && (
                    <p id={`${id}-msg`} className="price-grid__msg">
                      {p.message}
                    </p>
                  )}
                  {historyOf === r.commodity && <History market={market} commodity={r.commodity} date={date} name={pick(r.name, lang)} />}
                </li>
              );
            })}
          </ul>
          <div className="price-sticky">
            {problems?.questioned && (
              <div className="radio" style={{ marginBottom: "0.75rem" }}>
                <input type="checkbox" id="kh-confirm" checked={confirm} onChange={(e) => setConfirm(e.target.checked)} />
                <label htmlFor="kh-confirm">{t("console.confirmCheck")}</label>
              </div>
            )}
            <button type="submit" className="button" data-busy={busy || undefined} disabled={busy}>
              {problems?.questioned && confirm ? t("console.saveConfirmed") : t("console.save")}
            </button>
          </div>
        </form>
      )}
    </>
  );
}

interface Version {
  version: number;
  price: number;
  source: string;
  confirmed: boolean;
  enteredAt: string;
  enteredBy: string | null;
  current: boolean;
}

function History({ market, commodity, date, name }: { market: string; commodity: string; date: string; name: string }) {
  const { t, i18n } = usePricesT();
  const { data } = useData<Version[]>(`/api/prices/history?market=${encodeURIComponent(market)}&commodity=${commodity}&date=${date}`);
  if (!data) return <Loading />;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section className="price-history table-wrap" aria-label={t("console.historyTitle", { commodity: name })} tabIndex={0}>
      <table className="table table--dense">
        <caption className="h4">{t("console.historyTitle", { commodity: name })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("col.version")}</th>
            <th scope="col" className="num">
              {t("col.price")}
            </th>
            <th scope="col">{t("col.by")}</th>
            <th scope="col">{t("col.at")}</th>
          </tr>
        </thead>
        <tbody>
          {data.map((h) => (
            <tr key={h.version}>
              <td>
                {t("console.v", { v: h.version })} {h.current ? t("console.current") : t("console.superseded")}
                {h.confirmed ? ` · ${t("console.confirmed")}` : ""}
              </td>
              <td className="num">{rupiah(h.price, i18n.language)}</td>
              <td>
                {h.enteredBy ?? "—"} ({h.source})
              </td>
              <td>{formatDateTime(h.enteredAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Import() {
  const { t } = usePricesT();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<ProblemError | null>(null);
  const [confirm, setConfirm] = useState(false);
  const [done, setDone] = useState<(EntryResult & { rows: number }) | null>(null);
  async function send(e: FormEvent) {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setDone(null);
    try {
      const buf = new Uint8Array(await file.arrayBuffer());
      let bin = "";
      for (let i = 0; i < buf.length; i += 0x8000) bin += String.fromCharCode(...buf.subarray(i, i + 0x8000));
      const res = await post<EntryResult & { rows: number }>("/api/prices/import", { filename: file.name, content: btoa(bin), confirm });
      setDone(res);
      setErr(null);
      setConfirm(false);
    } catch (x) {
      if (!(x instanceof ProblemError)) throw x;
      setErr(x);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={send} noValidate>
      <p>{t("console.importHint")}</p>
      <div className="field">
        <label className="field__label" htmlFor="kh-file">
          {t("console.file")}
        </label>
        <input
          id="kh-file"
          type="file"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setErr(null);
            setConfirm(false);
          }}
        />
      </div>
      {done && <Notice title={t("console.imported", { ...done })}>{done.alerts > 0 && <p>{t("console.alertsRaised", { count: done.alerts })}</p>}</Notice>}
      {err && (
        <div className="error-summary" role="alert">
          <h2 className="error-summary__title">{err.code === "price-questioned" ? t("console.questionedTitle") : t("console.errorsTitle")}</h2>
          <ul className="error-summary__list" data-testid="import-errors">
            {err.errors.length ? err.errors.map((f) => <li key={`${f.field}|${f.code}|${f.message}`}>{f.message}</li>) : <li>{err.title}</li>}
          </ul>
          {err.code === "price-questioned" && (
            <div className="radio">
              <input type="checkbox" id="kh-import-confirm" checked={confirm} onChange={(e) => setConfirm(e.target.checked)} />
              <label htmlFor="kh-import-confirm">{t("console.confirmCheck")}</label>
            </div>
          )}
        </div>
      )}
      <button type="submit" className="button" disabled={!file || busy} data-busy={busy || undefined}>
        {t("console.import")}
      </button>
    </form>
  );
}

interface Alert {
  id: string;
  commodity: string;
  name: { id: string; en: string };
  unit: string;
  date: string;
  kind: string;
  value: number;
  threshold: number;
  changePct: number | null;
}

function Alerts() {
  const { t, i18n } = usePricesT();
  const lang = i18n.language;
  const { data, error, reload } = useData<Alert[]>("/api/prices/alerts");
  if (error) return <p role="alert">{error.title}</p>;
  if (!data) return <Loading />;
  if (!data.length) return <p>{t("console.noAlerts")}</p>;
  return (
    <div className="table-wrap">
      <table className="table price-table">
        <caption className="visually-hidden">{t("console.tabAlerts")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("col.commodity")}</th>
            <th scope="col">{t("col.date")}</th>
            <th scope="col">{t("col.alertKind")}</th>
            <th scope="col" className="num">
              {t("col.value")}
            </th>
            <th scope="col">{t("col.actions")}</th>
          </tr>
        </thead>
        <tbody>
          {data.map((a) => (
            <tr key={a.id}>
              <th scope="row">{pick(a.name, lang)}</th>
              <td data-label={t("col.date")}>{shortDate(a.date, lang)}</td>
              <td data-label={t("col.alertKind")}>
                {t(`console.kind.${a.kind}`, { threshold: a.kind === "week-rise" ? a.threshold : rupiah(a.threshold, lang) })}
              </td>
              <td className="num" data-label={t("col.value")}>
                {rupiah(a.value, lang)}
                {a.changePct != null ? ` (${a.changePct > 0 ? "+" : ""}${a.changePct}%)` : ""}
              </td>
              <td data-label={t("col.actions")}>
                <button
                  type="button"
                  className="button button--secondary button--small"
                  onClick={() => post(`/api/prices/alerts/${a.id}/resolve`).then(reload)}
                >
                  {t("console.resolve")}
                  <span className="visually-hidden"> {pick(a.name, lang)}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Manage() {
  const { t, i18n } = usePricesT();
  const lang = i18n.language;
  const { data: commodities, reload: reloadC } = useData<Commodity[]>("/api/prices/commodities");
  const { data: markets, reload: reloadM } = useData<Market[]>("/api/prices/markets");
  const [msg, setMsg] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [m, setM] = useState({ code: "", name: "", kind: "traditional", kecamatanCode: "", lat: "", lon: "" });
  if (!commodities || !markets) return <Loading />;
  const fail = (e: unknown) => setError(e instanceof ProblemError ? [e.title, ...e.errors.map((f) => f.message)].join(" — ") : String(e));
  async function saveCommodity(e: FormEvent<HTMLFormElement>, code: string) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const ref = String(f.get("ref") ?? "").replace(/[^\d]/g, "");
    try {
      await api("PATCH", `/api/prices/commodities/${code}`, {
        referencePrice: ref ? Number(ref) : null,
        alertWeekPct: Number(f.get("pct")),
        active: f.get("active") === "on",
      });
      setMsg(`${code}: ${t("console.rowSaved")}`);
      setError(null);
      reloadC();
    } catch (x) {
      fail(x);
    }
  }
  async function addMarket(e: FormEvent) {
    e.preventDefault();
    try {
      await post("/api/prices/markets", {
        code: m.code,
        name: m.name,
        kind: m.kind,
        kecamatanCode: m.kecamatanCode || null,
        lat: m.lat ? Number(m.lat) : null,
        lon: m.lon ? Number(m.lon) : null,
      });
      setM({ code: "", name: "", kind: "traditional", kecamatanCode: "", lat: "", lon: "" });
      setMsg(`${m.name}: ${t("console.rowSaved")}`);
      setError(null);
      reloadM();
    } catch (x) {
      fail(x);
    }
  }
  const field = (k: keyof typeof m, label: string, extra: Record<string, string> = {}) => (
    <div className="field">
      <label className="field__label" htmlFor={`km-${k}`}>
        {label}
      </label>
      <input id={`km-${k}`} className="input" value={m[k]} onChange={(e) => setM({ ...m, [k]: e.target.value })} {...extra} />
    </div>
  );
  return (
    <>
      {msg && <Notice>{msg}</Notice>}
      {error && (
        <div className="error-summary" role="alert">
          <p>{error}</p>
        </div>
      )}
      <h2>{t("console.commodities")}</h2>
      <ul className="price-grid">
        {commodities.map((c) => (
          <li key={c.code} className="price-grid__row" style={{ gridTemplateColumns: "1fr" }}>
            <form onSubmit={(e) => saveCommodity(e, c.code)} className="price-filters" aria-label={pick(c.name, lang)}>
              <span className="price-grid__name" style={{ flex: "1 1 12rem" }}>
                {pick(c.name, lang)} <span className="muted">(Rp/{c.unit})</span>
              </span>
              <div className="field">
                <label className="field__label field__label--small" htmlFor={`ref-${c.code}`}>
                  {t("console.reference")}
                </label>
                <input id={`ref-${c.code}`} name="ref" className="input input--w10" inputMode="numeric" defaultValue={c.referencePrice ?? ""} />
              </div>
              <div className="field">
                <label className="field__label field__label--small" htmlFor={`pct-${c.code}`}>
                  {t("col.alertPct")}
                </label>
                <input id={`pct-${c.code}`} name="pct" className="input input--w6" inputMode="decimal" defaultValue={c.alertWeekPct} />
              </div>
              <div className="radio">
                <input type="checkbox" id={`act-${c.code}`} name="active" defaultChecked={c.active} />
                <label htmlFor={`act-${c.code}`}>{t("console.active")}</label>
              </div>
              <button type="submit" className="button button--secondary button--small">
                {t("console.saveRow")}
                <span className="visually-hidden"> {pick(c.name, lang)}</span>
              </button>
            </form>
          </li>
        ))}
      </ul>
      <h2>{t("console.markets")}</h2>
      <div className="table-wrap">
        <table className="table price-table">
          <caption className="visually-hidden">{t("console.markets")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("col.name")}</th>
              <th scope="col">{t("col.code")}</th>
              <th scope="col">{t("col.kind")}</th>
              <th scope="col">{t("col.kecamatan")}</th>
            </tr>
          </thead>
          <tbody>
            {markets.map((x) => (
              <tr key={x.code}>
                <th scope="row">{x.name}</th>
                <td data-label={t("col.code")}>
                  <span className="mono">{x.code}</span>
                </td>
                <td data-label={t("col.kind")}>{t(`kinds.${x.kind}`)}</td>
                <td data-label={t("col.kecamatan")}>{x.kecamatanName ?? x.kecamatanCode ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>{t("console.addMarket")}</h3>
      <form onSubmit={addMarket} className="form-grid">
        {field("code", t("col.code"))}
        {field("name", t("col.name"))}
        <div className="field">
          <label className="field__label" htmlFor="km-kind">
            {t("col.kind")}
          </label>
          <select id="km-kind" className="select" value={m.kind} onChange={(e) => setM({ ...m, kind: e.target.value })}>
            {["traditional", "modern", "wholesale", "producer"].map((k) => (
              <option key={k} value={k}>
                {t(`kinds.${k}`)}
              </option>
            ))}
          </select>
        </div>
        {field("kecamatanCode", t("col.kecamatan"), { placeholder: "16.71.05" })}
        {field("lat", t("console.lat"), { inputMode: "decimal" })}
        {field("lon", t("console.lon"), { inputMode: "decimal" })}
        <div className="button-group">
          <button type="submit" className="button">
            {t("console.addMarket")}
          </button>
        </div>
      </form>
    </>
  );
}
