/** The enumerator's price grid for one market and day, with each cell's version history. */
import { type FormEvent, useEffect, useState } from "react";
import { post, ProblemError, type FieldProblem } from "../../api.ts";
import { DataTable } from "../../ui/DataTable.tsx";
import { formatDateTime, Loading, Notice } from "../../ui/misc.tsx";
import { useData } from "../citizen/shared.tsx";
import { type Market, pick, rupiah, shortDate, usePricesT } from "./shared.tsx";

import { todayLocal } from "./Console.tsx";
import { Labelled } from "../../ui/form.tsx";

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
export interface EntryResult {
  created: number;
  corrected: number;
  unchanged: number;
  alerts: number;
}

const digits = (s: string) => s.replace(/[^\d]/g, "");

export function EntryGrid() {
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
        <Labelled id="kh-market" label={t("console.market")}>
          <select id="kh-market" className="select" value={market} onChange={(e) => setMarket(e.target.value)}>
            {markets
              .filter((m) => m.active)
              .map((m) => (
                <option key={m.code} value={m.code}>
                  {m.name}
                </option>
              ))}
          </select>
        </Labelled>
        <Labelled id="kh-date" label={t("console.date")}>
          <input id="kh-date" type="date" className="input" value={date} max={todayLocal()} onChange={(e) => e.target.value && setDate(e.target.value)} />
        </Labelled>
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
    <DataTable
      caption={t("console.historyTitle", { commodity: name })}
      captionVisible
      captionClassName="h4"
      wrapClassName="price-history"
      rows={data}
      rowKey={(h) => String(h.version)}
      columns={[
        {
          key: "version",
          header: t("col.version"),
          cell: (h) => (
            <>
              {t("console.v", { v: h.version })} {h.current ? t("console.current") : t("console.superseded")}
              {h.confirmed ? ` · ${t("console.confirmed")}` : ""}
            </>
          ),
        },
        { key: "price", header: t("col.price"), className: "num", cell: (h) => rupiah(h.price, i18n.language) },
        {
          key: "by",
          header: t("col.by"),
          cell: (h) => (
            <>
              {h.enteredBy ?? "—"} ({h.source})
            </>
          ),
        },
        { key: "at", header: t("col.at"), cell: (h) => formatDateTime(h.enteredAt) },
      ]}
    />
  );
}
